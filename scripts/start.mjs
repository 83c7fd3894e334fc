/**
 * `npm start`: builds the web and the server only when their sources changed (scripts/build.mjs),
 * then runs the built server in this process (server/main.ts, bundled into dist/server/main.mjs).
 * Stack traces name the TypeScript sources (the bundle has a source map).
 */
import { ensureBuilt } from './build.mjs';

process.setSourceMapsEnabled(true);
await ensureBuilt(['web', 'server']);
await import(new URL('../dist/server/main.mjs', import.meta.url).href);

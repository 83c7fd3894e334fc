import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('./web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

/**
 * The web UI (DESIGN.md §3): a React SPA built into dist/web, which server/app.ts serves.
 * The server's CSP forbids inline scripts and styles, and serves only flat file names
 * under /assets/, so every asset (fonts included) is emitted as a file in assets/.
 */
export default defineConfig({
  root: webRoot,
  publicDir: 'public',
  plugins: [react(), tailwindcss()],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // No data: URIs: the CSP allows data: for images only, and fonts must be files.
    assetsInlineLimit: 0,
    // The polyfill is an inline script, which the CSP (script-src 'self') would block.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    // `npm run dev` serves the API on :3000; `npx vite` proxies to it.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});

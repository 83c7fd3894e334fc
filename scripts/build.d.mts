/** Types of scripts/build.mjs (plain JavaScript, so `npm start` needs no TypeScript loader). */
export type TargetName = 'web' | 'server';

export interface Target {
  name: string;
  /** Project-relative files and folders whose contents make the build. */
  inputs: string[];
  /** Project-relative paths under `inputs` that do not (tests). */
  skip: (rel: string) => boolean;
  outDir: string;
  build: (root: string) => Promise<void>;
}

export const ROOT: string;
export const TARGETS: Record<TargetName, Target>;
export function sourceFiles(root: string, inputs: readonly string[], skip?: (rel: string) => boolean): string[];
export function sourceHash(root: string, target: Target): string;
export function isFresh(root: string, target: Target, hash?: string): boolean;
export function ensureBuilt<N extends string = TargetName>(
  names?: readonly N[],
  opts?: { root?: string; force?: boolean; log?: (line: string) => void; targets?: Record<N, Target> },
): Promise<Partial<Record<N, 'fresh' | 'built'>>>;

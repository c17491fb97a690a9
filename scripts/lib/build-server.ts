// The production build of the server: server/src/main.ts and the store's commit worker bundled by
// esbuild into plain JavaScript (dist/server), so `node dist/server/main.js` runs without a
// TypeScript loader (tsx's loader thread and transforms cost the process ~34 MB). Packages stay
// imports of node_modules (better-sqlite3 is native); only Redsail's own code is bundled.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

/** The built entry point, relative to the repository root. */
export const SERVER_ENTRY = 'dist/server/main.js';

/**
 * The environment the server runs in (`npm start` sets the same). MALLOC_ARENA_MAX (glibc, mallopt(3)
 * M_ARENA_MAX): by default each thread that calls malloc may get its own arena, up to 8 per core: the
 * libuv pool (scrypt's 1 MB per check), V8's GC helpers and the store's worker each keep freed memory
 * in theirs. Two arenas: 10,000 idle devices 212 -> 189 MB RSS after a full GC, ingest unchanged.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * Builds into `<repo>/dist/server`. Each file is written beside its final name and renamed into
 * place, so a process starting the server while another one builds never reads half a file.
 */
export function buildServer(repo: string): string {
  const outdir = path.join(repo, 'dist/server');
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    write: false,
    logLevel: 'warning',
    absWorkingDir: repo,
    outdir,
  } as const;
  const server = buildSync({ ...common, entryPoints: ['server/src/main.ts'], format: 'esm' });
  // The worker thread's script: a file beside main.js, found by commit-client.ts from the bundle.
  const worker = buildSync({
    ...common,
    entryPoints: ['server/src/store/sqlite/commit-worker.ts'],
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
  });
  mkdirSync(outdir, { recursive: true });
  for (const f of [...server.outputFiles, ...worker.outputFiles]) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  return path.join(repo, SERVER_ENTRY);
}

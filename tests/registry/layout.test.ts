// The layout's invariants (ARCHITECTURE.md "Layout", CONTRIBUTING.md): no import circles, no arrow that
// runs back up the layers, no source file over 400 lines. Reads the files as text; runs none of them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const TREES = ['server/src', 'devices', 'simulators', 'console/src', 'bench', 'scripts', 'tests'];
const SOURCE = /\.(ts|svelte)$/;
const MAX_LINES = 400;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'results') continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (SOURCE.test(name)) out.push(path.relative(ROOT, p));
  }
  return out;
}

const files = TREES.flatMap((t) => walk(path.join(ROOT, t)));
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The project files a file imports (relative specifiers only, resolved as the bundler does). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (!spec?.startsWith('.')) continue;
    const base = path.join(path.dirname(file), spec);
    const hit = [base, `${base}.ts`, `${base}/index.ts`].find(
      (c) => SOURCE.test(c) && existsSync(path.join(ROOT, c)),
    );
    if (hit) out.push(path.normalize(hit));
  }
  return out;
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function circles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.includes(v)) out.push(scc.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) visit(f);
  return out;
}

/** Arrows that would run back up: [files under, may not import from]. */
const FORBIDDEN: [string, string][] = [
  ['server/src/contracts/', 'server/src/store/'],
  ['server/src/contracts/', 'server/src/services/'],
  ['server/src/pipeline/', 'server/src/services/'],
  ['server/src/pipeline/', 'server/src/http/'],
  ['server/src/services/', 'server/src/http/'],
  ['server/src/services/', 'server/src/realtime/'],
  ['server/src/store/', 'server/src/services/'],
  ['server/src/store/', 'server/src/http/'],
  ['server/src/realtime/', 'server/src/http/'],
  ['devices/', 'server/'],
  ['devices/', 'simulators/'],
  ['console/src/lib/state/', 'console/src/lib/components/'],
];

describe('layout', () => {
  it('finds the source files it checks', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(graph.get('server/src/app.ts')).toContain('server/src/store/write-queue.ts');
  });

  it('has no import circles', () => {
    expect(circles()).toEqual([]);
  });

  it('has no arrow that runs back up a layer', () => {
    const bad: string[] = [];
    for (const [file, deps] of graph)
      for (const [from, to] of FORBIDDEN)
        if (file.startsWith(from)) for (const d of deps) if (d.startsWith(to)) bad.push(`${file} → ${d}`);
    expect(bad).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines (tests aside)`, () => {
    const long = files
      .filter((f) => !/\.test\.ts$/.test(f))
      .map((f) => ({ f, lines: readFileSync(path.join(ROOT, f), 'utf8').split('\n').length }))
      .filter((x) => x.lines > MAX_LINES)
      .map((x) => `${x.f}: ${x.lines}`);
    expect(long).toEqual([]);
  });
});

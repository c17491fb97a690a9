// What one benchmark script hands to the suite runner (bench/run.ts): its markdown section and one summary
// row per target, written as JSON to the file named by `--report <file>`; and where its raw results go.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SummaryRow {
  /** e.g. "ingest, 1,000 connections, QoS 0". */
  scenario: string;
  /** The figure reached, with its unit. */
  figure: string;
  /** The target, in words; absent for figures shown for comparison only. */
  target?: string;
  met?: boolean;
}

export interface Report {
  /** A `### …` section: set-up in a sentence or two, then the table. */
  markdown: string;
  summary: SummaryRow[];
}

/** The value of `--name value` on the command line, if given. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Writes the report where the runner asked for it (`--report <file>`); without the flag, does nothing. */
export function writeReport(report: Report): void {
  const file = argValue('report');
  if (file) writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
}

/** bench/results/<name>-<ISO time>.json, with the results written there; returns its path. */
export function writeResult(repo: string, name: string, result: unknown): string {
  const dir = path.join(repo, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}

// What one benchmark script hands over: to the suite runner (bench/run.ts) its markdown section and
// one summary row per target, as JSON in the file named by `--report <file>`; its raw figures to
// bench/results/<name>.json, overwritten by each run (the history is kept in docs/benchmarks.md).
// `--result <name>` names the raw file when one script runs in several set-ups (ingest, ingest-10k).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { argValue, REPO } from './common';

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

// Resolved now, before the bench moves to the repository root: a relative path is the caller's.
const reportFile = argValue('report') && path.resolve(argValue('report')!);

/** Writes the report where the runner asked for it (`--report <file>`); without the flag, does nothing. */
export function writeReport(report: Report): void {
  if (reportFile) writeFileSync(reportFile, JSON.stringify(report, null, 2) + '\n');
}

/** Writes bench/results/<name>.json (or the `--result` name); returns its path from the repository. */
export function writeResult(name: string, result: unknown): string {
  const dir = path.join(REPO, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${argValue('result') ?? name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return path.relative(REPO, file);
}

/** "met", "**not met**", or "—" when not judged. */
export const met = (ok: boolean | undefined): string => (ok === undefined ? '—' : ok ? 'met' : '**not met**');

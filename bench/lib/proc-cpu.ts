// CPU time and resident memory of processes, read from /proc (Linux only; elsewhere the readers report
// nothing): one process (user and system apart, or summed), the direct children of this process by
// command line, the whole machine (how much else competed for the cores in a window), and the browser
// (all Chromium processes started by this process: renderer, GPU / software compositor, browser).
// Unlike durations measured on a page's clock, CPU time barely changes when other work competes for
// the cores, so it compares runs on a busy machine. Also: RSS polled until it holds still (settleRss).
import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from './common';

const MB = 1e6;

const TICKS_PER_S = 100; // USER_HZ on Linux
const PAGE = 4096;

interface Stat {
  comm: string;
  ppid: number;
  /** Clock ticks in user and in system mode. */
  utime: number;
  stime: number;
  rssPages: number;
}

/** The fields of /proc/<pid>/stat the benchmarks use. */
function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may contain spaces: split after the last ')'.
    const close = text.lastIndexOf(')');
    // Fields after comm: state(0) ppid(1) ... utime(11) stime(12) ... rss(21)
    const f = text.slice(close + 2).split(' ');
    return {
      comm: text.slice(text.indexOf('(') + 1, close),
      ppid: Number(f[1]),
      utime: Number(f[11]),
      stime: Number(f[12]),
      rssPages: Number(f[21]),
    };
  } catch {
    return undefined;
  }
}

/** The numeric directory names of /proc (the pids), or undefined where there is no /proc. */
function pids(): number[] | undefined {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) and resident memory of one process. */
export function procSample(pid: number): { cpuS: number; rssBytes: number } | undefined {
  const s = stat(pid);
  return s && { cpuS: (s.utime + s.stime) / TICKS_PER_S, rssBytes: s.rssPages * PAGE };
}

export interface ProcTimes {
  userS: number;
  sysS: number;
  rssBytes: number;
}

/** CPU seconds in user and in system mode, and resident memory, of one process. */
export function procTimes(pid: number): ProcTimes | undefined {
  const s = stat(pid);
  return s && { userS: s.utime / TICKS_PER_S, sysS: s.stime / TICKS_PER_S, rssBytes: s.rssPages * PAGE };
}

/** Busy and total CPU seconds of the machine (all cores) so far. */
export function machineTimes(): { busyS: number; totalS: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...fields] = line.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal (guest time is already inside user).
    const v = fields.slice(0, 8).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busyS: (total - idle) / TICKS_PER_S, totalS: total / TICKS_PER_S };
  } catch {
    return undefined;
  }
}

export interface ProcFigures {
  /** Over the window, 100 = one core. */
  cpuPct: number;
  userPct: number;
  sysPct: number;
  rssMb: number;
}

export function procOver(
  from: ProcTimes | undefined,
  to: ProcTimes | undefined,
  dtS: number,
): ProcFigures | undefined {
  if (!from || !to || dtS <= 0) return undefined;
  const pct = (s: number) => Math.round((s / dtS) * 1000) / 10;
  return {
    cpuPct: pct(to.userS + to.sysS - from.userS - from.sysS),
    userPct: pct(to.userS - from.userS),
    sysPct: pct(to.sysS - from.sysS),
    rssMb: Math.round(to.rssBytes / 1e6),
  };
}

/** The pids of this process's direct children whose command line matches (Linux; else none). */
export function childPids(match: RegExp, ppid = process.pid): number[] {
  const out: number[] = [];
  for (const pid of pids() ?? []) {
    if (stat(pid)?.ppid !== ppid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (match.test(cmd)) out.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU seconds used so far by the descendants of `root` whose name matches (default: Chromium's). */
export function browserCpuSeconds(root = process.pid, name = /chrom/i): number | undefined {
  const all = pids();
  if (!all) return undefined;
  const stats = new Map<number, Stat>();
  for (const pid of all) {
    const s = stat(pid);
    if (s) stats.set(pid, s);
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    const s = stats.get(pid);
    if (s && name.test(s.comm)) ticks += s.utime + s.stime;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / TICKS_PER_S;
}

/**
 * CPU and memory of named processes over one measuring window: `open` samples them (and the whole
 * machine), `close` samples again; the window runs from the first sample to the second.
 */
export class ProcWindow<K extends string> {
  private constructor(
    private readonly pids: Record<K, number>,
    private readonly from: Record<K, ProcTimes | undefined>,
    private readonly machineFrom: ReturnType<typeof machineTimes>,
    private readonly t0: number,
  ) {}

  static open<K extends string>(pids: Record<K, number>): ProcWindow<K> {
    const from = {} as Record<K, ProcTimes | undefined>;
    for (const k of Object.keys(pids) as K[]) from[k] = procTimes(pids[k]);
    return new ProcWindow(pids, from, machineTimes(), performance.now());
  }

  /** Seconds since `open`. */
  elapsedS(): number {
    return (performance.now() - this.t0) / 1000;
  }

  /** The figures from `open` until now (it may be called again later, for a longer window). */
  close(): ClosedWindow<K> {
    const dtS = this.elapsedS();
    const to = {} as Record<K, ProcTimes | undefined>;
    for (const k of Object.keys(this.pids) as K[]) to[k] = procTimes(this.pids[k]);
    const m = machineTimes();
    const busy = m && this.machineFrom && ((m.busyS - this.machineFrom.busyS) / dtS) * 100;
    const cpu = (k: K) => {
      const a = this.from[k];
      const b = to[k];
      return a && b ? ((b.userS + b.sysS - a.userS - a.sysS) / dtS) * 100 : undefined;
    };
    return {
      dtS,
      cpuPct: cpu,
      figures: (k) => procOver(this.from[k], to[k], dtS),
      rssBytes: (k) => to[k]?.rssBytes,
      ...(busy !== undefined && { machineBusyPct: busy }),
    };
  }
}

export interface ClosedWindow<K extends string> {
  dtS: number;
  /** CPU over the window, 100 = one core, unrounded; undefined when the process is gone. */
  cpuPct(k: K): number | undefined;
  /** The same rounded to 0.1, user and system apart, and RSS at the end. */
  figures(k: K): ProcFigures | undefined;
  rssBytes(k: K): number | undefined;
  /** The whole machine's busy CPU (100 = one core): everything, ours and others'. */
  machineBusyPct?: number;
}

export interface Settled {
  rssBytes: number;
  /** File-backed part of RSS (the broker's binary and libraries, shared with other processes). */
  rssFileBytes?: number;
  /** Anonymous part of RSS (heaps, malloc, stacks). */
  rssAnonBytes?: number;
  /** Seconds polled until RSS held still (or the bound). */
  waitedS: number;
  stable: boolean;
}

/** RssFile and RssAnon from /proc/<pid>/status (kB there). */
function rssParts(pid: number): { rssFileBytes?: number; rssAnonBytes?: number } {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
      return m ? Number(m[1]) * 1024 : undefined;
    };
    const file = kb('RssFile');
    const anon = kb('RssAnon');
    return {
      ...(file !== undefined && { rssFileBytes: file }),
      ...(anon !== undefined && { rssAnonBytes: anon }),
    };
  } catch {
    return {};
  }
}

/**
 * Polls a process's RSS every 500 ms until the last `windowS` seconds stay within max(1 MB, 1 %), at
 * least `minS` and at most `maxS` seconds; returns the last sample.
 */
export async function settleRss(pid: number, minS = 3, windowS = 4, maxS = 20): Promise<Settled> {
  const t0 = performance.now();
  const samples: { t: number; rss: number }[] = [];
  for (;;) {
    const s = procSample(pid);
    if (!s) throw new Error(`process ${pid} is gone`);
    const t = (performance.now() - t0) / 1000;
    samples.push({ t, rss: s.rssBytes });
    const recent = samples.filter((x) => x.t >= t - windowS);
    const full = samples[0]!.t <= t - windowS;
    const lo = Math.min(...recent.map((x) => x.rss));
    const hi = Math.max(...recent.map((x) => x.rss));
    const stable = full && hi - lo <= Math.max(1 * MB, 0.01 * s.rssBytes);
    if ((stable && t >= minS) || t >= maxS)
      return { rssBytes: s.rssBytes, ...rssParts(pid), waitedS: t, stable };
    await sleep(500);
  }
}

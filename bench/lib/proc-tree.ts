// CPU of groups of processes over a measuring window, for benchmarks where one role is several
// processes (PostgreSQL: the postmaster and one backend per pooled connection): each group is a root
// pid counted with all its descendants, read from /proc (Linux only; elsewhere nothing is reported).
// A group's root may be an ancestor of another's (this process starts the servers): each subtree is
// counted once, in the group of its nearest root. Also finds a process started by a tool (pg_ctl, a daemon) by its command line.
import { readdirSync, readFileSync } from 'node:fs';
import { machineTimes } from './proc-cpu';

const TICKS_PER_S = 100; // USER_HZ on Linux

interface Row {
  ppid: number;
  ticks: number;
}

/** pid → parent and CPU ticks (user + system) of every process, or an empty map without /proc. */
function table(): Map<number, Row> {
  const out = new Map<number, Row>();
  let dirs: string[] = [];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const d of dirs) {
    try {
      const text = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * CPU seconds so far of `root` and its descendants, leaving out the subtrees of `others` (another
 * group's roots, counted there); undefined when `root` is gone.
 */
function treeSeconds(rows: Map<number, Row>, root: number, others: Set<number>): number | undefined {
  if (!rows.has(root)) return undefined;
  const kids = new Map<number, number[]>();
  for (const [pid, r] of rows) kids.set(r.ppid, [...(kids.get(r.ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (pid !== root && others.has(pid)) continue;
    ticks += rows.get(pid)?.ticks ?? 0;
    stack.push(...(kids.get(pid) ?? []));
  }
  return ticks / TICKS_PER_S;
}

/** The first process whose command line (arguments joined by spaces) matches, if any. */
export function findPid(match: RegExp): number | undefined {
  for (const pid of table().keys()) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (match.test(cmd)) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

export interface TreeFigures {
  /** CPU of each group over the window, 100 = one core, rounded to 1 %; absent for a group gone. */
  cpuPct: Record<string, number>;
  /** The whole machine's busy CPU over the window (100 = one core): ours and everyone else's. */
  machinePct?: number;
  dtS: number;
}

/**
 * Samples the groups at `open` and again at `close`. A descendant that starts inside the window is
 * counted from zero and one that ends inside it drops out: fine for long-lived pools, not for forks.
 */
export class TreeWindow {
  private constructor(
    private readonly roots: Record<string, number>,
    private readonly from: Record<string, number | undefined>,
    private readonly machineFrom: ReturnType<typeof machineTimes>,
    private readonly t0: number,
  ) {}

  static open(roots: Record<string, number>): TreeWindow {
    const rows = table();
    const all = new Set(Object.values(roots));
    const from: Record<string, number | undefined> = {};
    for (const [k, pid] of Object.entries(roots)) from[k] = treeSeconds(rows, pid, all);
    return new TreeWindow(roots, from, machineTimes(), performance.now());
  }

  close(): TreeFigures {
    const dtS = (performance.now() - this.t0) / 1000;
    const rows = table();
    const all = new Set(Object.values(this.roots));
    const cpuPct: Record<string, number> = {};
    for (const [k, pid] of Object.entries(this.roots)) {
      const a = this.from[k];
      const b = treeSeconds(rows, pid, all);
      if (a !== undefined && b !== undefined) cpuPct[k] = Math.round(((b - a) / dtS) * 100);
    }
    const m = machineTimes();
    const busy = m && this.machineFrom && ((m.busyS - this.machineFrom.busyS) / dtS) * 100;
    return { cpuPct, dtS, ...(busy !== undefined && { machinePct: Math.round(busy) }) };
  }
}

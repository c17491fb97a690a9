// CPU time used by the browser (all Chromium processes started by this process: renderer, GPU /
// software compositor, browser), read from /proc. Unlike durations measured on the page's clock,
// CPU time barely changes when other work competes for the cores, so it compares runs on a busy
// machine. Linux only; elsewhere it reports nothing.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

interface Stat {
  ppid: number;
  ticks: number;
  comm: string;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may contain spaces: split after the last ')'.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    // Fields after comm: state(0) ppid(1) ... utime(11) stime(12)
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), comm };
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by the descendants of `root` whose name matches (default: Chromium's). */
export function browserCpuSeconds(root = process.pid, name = /chrom/i): number | undefined {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return undefined;
  }
  const stats = new Map<number, Stat>();
  for (const pid of pids) {
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
    if (s && name.test(s.comm)) ticks += s.ticks;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / TICKS_PER_S;
}

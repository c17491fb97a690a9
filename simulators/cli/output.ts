// What `npm run sim` prints: progress on one updating line on a terminal (plain lines otherwise)
// and the summaries at the end.
import type { RunSummary, TicketRef } from '../devices/root-causes';
import type { Progress, Summary } from '../devices/types';

/** Real ms between progress reports: every second on a terminal, every ten seconds in a log. */
export const progressEveryMs = (tty: boolean): number => (tty ? 1000 : 10_000);

/** 3725 → "1:02:05". */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

const faults = (s: Summary): number => Object.values(s.injected).reduce((a, b) => a + b, 0);

export function progressLine(p: Progress): string {
  const local = new Date(Date.parse(p.simTime) + 8 * 3_600_000).toISOString().slice(11, 19);
  return (
    `sim ${local} (+${clockText(p.simS)})  online ${p.online}/${p.devices}  sent ${p.messagesSent}  ` +
    `faults ${faults(p)} restored ${p.restored}  steps ${p.applied}/${p.planned}`
  );
}

export class ProgressPrinter {
  private drawn = false;
  constructor(private readonly out: NodeJS.WriteStream) {}

  show(p: Progress): void {
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${progressLine(p)}`);
      this.drawn = true;
    } else this.out.write(`${progressLine(p)}\n`);
  }

  /** A message between progress updates, on its own line. */
  note(msg: string): void {
    this.finish();
    this.out.write(`${msg}\n`);
  }

  /** Ends the updating line so the next output starts on its own. */
  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

export function summaryText(s: Summary): string {
  const rules = Object.entries(s.injected)
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  return [
    'Summary',
    `  devices connected  ${s.devicesConnected}${s.devicesFailed > 0 ? ` (${s.devicesFailed} refused)` : ''}`,
    `  messages sent      ${s.messagesSent}`,
    `  faults injected    ${faults(s)}${rules ? `: ${rules}` : ''}`,
    `  restored           ${s.restored}`,
    ...(s.connectionsLost > 0
      ? [`  connections lost   ${s.connectionsLost} (not planned; reconnected with backoff)`]
      : []),
    ...(s.commandsAnswered > 0 ? [`  commands answered  ${s.commandsAnswered}`] : []),
  ].join('\n');
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);

/** The table of faults, power-cut devices, root causes and tickets at the end of a run. */
export function runSummaryText(s: RunSummary): string {
  const nameW = Math.max(5, ...s.steps.map((x) => x.name.length));
  const row = (name: string, faults: number | string, cut: number | string): string =>
    `  ${name.padEnd(nameW)}  ${pad(faults, 6)}  ${pad(cut, 17)}`;
  const expecting = s.rootCauses.filter((c) => c.expectsTicket).length;
  const byRule = new Map<string, number>();
  for (const c of s.rootCauses) byRule.set(c.rule, (byRule.get(c.rule) ?? 0) + 1);
  const rules = [...byRule].sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => `${r} ${n}`);
  const t = s.tickets;
  const ratio = expecting === 0 ? '—' : (t.opened / expecting).toFixed(2);
  const refs = (list: readonly TicketRef[]): string =>
    list
      .slice(0, 10)
      .map((x) => `${x.deviceId ?? '(no device)'} ${x.alarmRule ?? ''}`.trim())
      .join(', ') + (list.length > 10 ? `, … and ${list.length - 10} more (see --summary-json)` : '');
  const cause = new Map(s.rootCauses.map((c) => [`${c.deviceId} ${c.rule}`, c]));
  return [
    `Run summary: scenario ${s.scenario}, seed ${s.seed}, tickets from ${s.startedAt}`,
    row('step', 'faults', 'power-cut devices'),
    ...s.steps.map((x) => row(x.name, x.faults, x.powerCut)),
    row('total', s.faultsInjected, s.powerCutDevices),
    `  root causes            ${s.rootCauses.length}${rules.length > 0 ? ` (${rules.join(', ')})` : ''}` +
      (expecting < s.rootCauses.length ? `; ${expecting} open a ticket by their severity` : ''),
    `  tickets opened         ${t.opened}: ${t.onRootCauses} on root causes, ` +
      `${t.onPowerCutDevices.length} on power-cut devices, ${t.other.length} other` +
      (t.truncated ? ' (the list was full: some may be missing)' : ''),
    `  tickets per root cause ${ratio} (goal 1.00, one work order per root cause): ` +
      (s.goalMet ? 'met' : 'NOT met'),
    ...s.mismatched.map((m) => {
      const joined = cause.get(`${m.deviceId} ${m.rule}`)?.joined ?? [];
      const note = joined.length > 0 ? ` (joined ${joined.join(', ')}, opened before the run)` : '';
      return `    ${m.deviceId} ${m.rule}: ${m.tickets} tickets${note}`;
    }),
    ...(t.onPowerCutDevices.length > 0 ? [`    on power-cut devices: ${refs(t.onPowerCutDevices)}`] : []),
    ...(t.other.length > 0 ? [`    other: ${refs(t.other)}`] : []),
  ].join('\n');
}

// What `npm run sim` prints: progress on one updating line on a terminal (plain lines otherwise)
// and the summary at the end.
import type { Progress, Summary } from '../devices/types';

/** Real ms between progress reports: every second on a terminal, every ten seconds in a log. */
export const progressEveryMs = (tty: boolean): number => (tty ? 1000 : 10_000);

/** 3725 → "1:02:05". */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
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

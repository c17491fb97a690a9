// Fleet counters behind Summary and Progress.
import type { Summary } from './types';

export class FleetStats {
  messagesSent = 0;
  restored = 0;
  connectionsLost = 0;
  applied = 0;
  /** Commands from the server answered on commands/ack. */
  commandsAnswered = 0;
  readonly injected = new Map<string, number>();
  readonly everConnected = new Set<string>();
  readonly online = new Set<string>();
  /** Devices that could not connect, with the reason. */
  readonly failed = new Map<string, string>();

  inject(rule: string): void {
    this.injected.set(rule, (this.injected.get(rule) ?? 0) + 1);
  }

  summary(): Summary {
    const injected: Record<string, number> = {};
    for (const [rule, n] of [...this.injected].sort(([a], [b]) => a.localeCompare(b))) injected[rule] = n;
    return {
      devicesConnected: this.everConnected.size,
      devicesFailed: this.failed.size,
      messagesSent: this.messagesSent,
      injected,
      restored: this.restored,
      connectionsLost: this.connectionsLost,
      commandsAnswered: this.commandsAnswered,
    };
  }
}

// How a simulated device answers a command (device-protocol.md: `commands` down, `commands/ack` up):
// a pure decision — the ack to publish and what the command does to the device. The commands a
// type accepts come from the device registry (devices/), as the console's buttons do.
import { z } from 'zod';
import { argsValid } from '../../devices/lib/commands';
import type { DeviceTypeDef } from '../../devices/lib/types';
import type { Reading } from './types';

const CommandMessage = z.object({
  id: z.string().min(1),
  name: z.string(),
  args: z.record(z.string(), z.unknown()).optional(),
});

export interface Ack {
  id: string;
  ok: boolean;
  message?: string;
}

/** What the device does after acknowledging. */
export type Effect =
  | { kind: 'none' }
  /** Publish a reading now. */
  | { kind: 'report' }
  /** The held fault is gone (breaker re-closed, camera rebooted); then publish a reading. */
  | { kind: 'clear_fault' }
  /** Lay these readings over every later one (the lamp switched by hand; {} = back to its schedule); then publish a reading. */
  | { kind: 'override'; overlay: Reading };

export interface Answer {
  ack: Ack;
  effect: Effect;
}

/** The fault rules each command clears when it is held. */
const CLEARS: Record<string, readonly string[]> = {
  reset_breaker: ['breaker_tripped'],
  reboot: ['video_lost', 'storage_fault'],
};

/**
 * The answer to one `commands` payload; undefined when it has no id to acknowledge (nothing to
 * answer to). `heldRule` is the rule of the fault the device holds now, if any.
 */
export function answerCommand(
  def: DeviceTypeDef,
  payload: string,
  heldRule: string | undefined,
): Answer | undefined {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const msg = CommandMessage.safeParse(json);
  if (!msg.success) return undefined;
  const { id, name } = msg.data;
  const args = msg.data.args ?? {};
  const fail = (message: string): Answer => ({ ack: { id, ok: false, message }, effect: { kind: 'none' } });

  const cmd = def.commands.find((c) => c.name === name);
  if (!cmd) return fail(`unknown command '${name}' for a ${def.type}`);
  if (!argsValid(cmd, args)) return fail(`bad arguments for '${name}'`);

  switch (name) {
    case 'report_now':
      return { ack: { id, ok: true }, effect: { kind: 'report' } };
    case 'set_lamp': {
      if (args.state === 'off') {
        const overlay = { commanded: 'off', lamp: 'off', i: 0, p: 0 };
        return { ack: { id, ok: true, message: 'lamp off' }, effect: { kind: 'override', overlay } };
      }
      if (heldRule === 'lamp_failure') return fail('lamp did not light: needs a technician');
      return { ack: { id, ok: true, message: 'lamp on' }, effect: { kind: 'override', overlay: {} } };
    }
    default: {
      const clears = CLEARS[name] ?? [];
      if (heldRule && clears.includes(heldRule)) {
        return { ack: { id, ok: true, message: `${heldRule} cleared` }, effect: { kind: 'clear_fault' } };
      }
      if (heldRule && clears.length > 0) {
        return {
          ack: { id, ok: false, message: `${name} did not clear ${heldRule}` },
          effect: { kind: 'report' },
        };
      }
      return { ack: { id, ok: true }, effect: { kind: 'report' } };
    }
  }
}

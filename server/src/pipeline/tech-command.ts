// Whether a technician may send a command to a device (POST /api/devices/{id}/commands): only to
// the device an open ticket of their own van is about, and only a safe one (not disruptive: a
// breaker reset, a reboot or a port stop interrupts supply and stays with the dispatcher). Pure.
import type { CommandDef } from '../../../devices/lib/types';

export type TechCommandCheck = { ok: true } | { ok: false; message: string };

/** Before the command is looked at: is this device the subject of an open ticket of the van? */
export function techMayReach(vanId: string | undefined, openTicketsOfVan: number): TechCommandCheck {
  if (!vanId) return { ok: false, message: 'a technician without a van may not send commands' };
  if (openTicketsOfVan === 0)
    return {
      ok: false,
      message: 'a technician may send commands only to the device of an open ticket of their own van',
    };
  return { ok: true };
}

/** The command itself: safe ones only. */
export function techMaySend(command: Pick<CommandDef, 'name' | 'disruptive'>): TechCommandCheck {
  if (!command.disruptive) return { ok: true };
  return {
    ok: false,
    message: `${command.name} interrupts supply: only a dispatcher may send it; ask the dispatcher`,
  };
}

// Small factories for device commands: command('reboot', { label, disruptive: true }) rather than
// hand-written objects, and the default `args` the console starts a command form with.
import type { CommandArgDef, CommandDef, Label } from './types';

export function command(
  name: string,
  opts: { label: Label; disruptive?: boolean; args?: readonly CommandArgDef[] },
): CommandDef {
  return { name, label: opts.label, disruptive: opts.disruptive ?? false, args: opts.args ?? [] };
}

/** An argument that takes one of a few values; the first value is the default. */
export function choice<const V extends readonly [string, ...string[]]>(
  key: string,
  values: V,
  opts: { label: Label; valueLabels?: Record<V[number], Label> },
): CommandArgDef {
  return {
    kind: 'enum',
    key,
    values,
    label: opts.label,
    ...(opts.valueLabels && { valueLabels: opts.valueLabels }),
  };
}

/** A numeric argument within [min, max]. */
export function amount(
  key: string,
  opts: { label: Label; min: number; max: number; default: number; unit?: string },
): CommandArgDef {
  return { kind: 'numeric', key, ...opts };
}

/** Every argument at its default (an enum's first value): what a command form starts with. */
export function defaultArgs(cmd: CommandDef): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const a of cmd.args) out[a.key] = a.kind === 'enum' ? a.values[0] : a.default;
  return out;
}

/** Whether `args` is exactly a valid set of arguments for `cmd` (every one given, in range, no extra). */
export function argsValid(cmd: CommandDef, args: Record<string, unknown>): boolean {
  const keys = Object.keys(args);
  if (keys.length !== cmd.args.length) return false;
  return cmd.args.every((a) => {
    if (!Object.hasOwn(args, a.key)) return false;
    const v = args[a.key];
    if (a.kind === 'enum') return typeof v === 'string' && a.values.includes(v);
    return typeof v === 'number' && Number.isFinite(v) && v >= a.min && v <= a.max;
  });
}

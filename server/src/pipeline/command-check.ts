// Which commands a device accepts (POST /api/devices/{id}/commands): only one its type declares
// (devices/, CommandDef), with arguments matching the declared schema — an enum's values, a number
// within [min, max]; every declared argument is required (as argsValid in devices/lib/commands.ts
// has it), an unknown one is refused. Pure.
import { z } from 'zod';
import type { CommandArgDef, CommandDef } from '../../../devices/lib/types';

export type CommandArgs = Record<string, string | number>;

export type CommandCheck =
  { ok: true; command: CommandDef; args: CommandArgs } | { ok: false; message: string; allowed: string[] };

function argSchema(a: CommandArgDef): z.ZodType<string | number> {
  if (a.kind === 'enum') return z.enum(a.values);
  return z.number().min(a.min).max(a.max);
}

/** The zod schema of a command's arguments: exactly its declared keys. */
export function argsSchema(cmd: CommandDef): z.ZodType<CommandArgs> {
  const shape: Record<string, z.ZodType<string | number>> = {};
  for (const a of cmd.args) shape[a.key] = argSchema(a);
  return z.strictObject(shape);
}

/** How one argument may be given, for the error message: `phase: a | b | c`, `level: 0–100 %`. */
function describeArg(a: CommandArgDef): string {
  if (a.kind === 'enum') return `${a.key}: ${a.values.join(' | ')}`;
  return `${a.key}: ${a.min}–${a.max}${a.unit ? ` ${a.unit}` : ''}`;
}

export function checkCommand(
  typeName: string,
  commands: readonly CommandDef[],
  name: string,
  args: Record<string, unknown>,
): CommandCheck {
  const allowed = commands.map((c) => c.name);
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const which = allowed.length > 0 ? `it accepts: ${allowed.join(', ')}` : 'it accepts no commands';
    return { ok: false, allowed, message: `a ${typeName} has no command '${name}'; ${which}` };
  }
  const parsed = argsSchema(command).safeParse(args);
  if (parsed.success) return { ok: true, command, args: parsed.data };
  const problems = parsed.error.issues.map((i) =>
    i.code === 'unrecognized_keys'
      ? `unknown argument ${i.keys.join(', ')}`
      : `${i.path.join('.') || 'args'}: ${i.message}`,
  );
  const takes =
    command.args.length > 0
      ? `it takes ${command.args.map(describeArg).join('; ')}`
      : 'it takes no arguments';
  return {
    ok: false,
    allowed,
    message: `command '${name}' of a ${typeName}: ${problems.join('; ')}; ${takes}`,
  };
}

// RULES_FILE: rule overrides read once at start (CONTRIBUTING.md "Add or change a fault rule"), and the
// device types compiled with them.
import { readFileSync } from 'node:fs';
import { compileRegistry, RuleOverridesSchema, type RuleOverrides } from '../../../devices/index';
import { ConfigError } from './config';

/** The overrides of `file`, or none without one; a file that is not valid stops the start. */
export function loadOverrides(file: string | undefined): RuleOverrides | undefined {
  if (!file) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`RULES_FILE ${file} could not be read as JSON: ${(err as Error).message}`);
  }
  const parsed = RuleOverridesSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`RULES_FILE ${file} is invalid: ${parsed.error.message}`);
  return parsed.data;
}

/** The device registry compiled with RULES_FILE's overrides; an invalid combination stops the start. */
export function compileDeviceTypes(file: string | undefined): ReturnType<typeof compileRegistry> {
  try {
    return compileRegistry(loadOverrides(file));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`rule configuration is invalid: ${(err as Error).message}`);
  }
}

// RULES_FILE: the JSON of rule overrides (devices/index.ts RuleOverridesSchema), read and checked at
// start; a file that cannot be read or is invalid stops the server with a message naming it.
import { readFileSync } from 'node:fs';
import { RuleOverridesSchema, type RuleOverrides } from '../../../devices/index';
import { ConfigError } from './config';

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

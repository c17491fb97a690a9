// The password policy for people's passwords (api.md "Accounts, secrets and audit"): at least 10
// characters, not the username in any case, not one of the most common passwords. Pure: the routes,
// the user service and the config check call it and turn a problem into a 400 or a start-up error.
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;

const BLOCKED: ReadonlySet<string> = new Set(
  COMMON_PASSWORDS.split(/\s+/)
    .map((w) => w.trim())
    .filter((w) => w.length > 0),
);

/** Why this password may not be used (one sentence), or undefined when it may. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `the password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (username !== undefined && lower === username.toLowerCase())
    return 'the password may not be the username';
  if (BLOCKED.has(lower)) return 'this password is among the most common ones; choose another';
  return undefined;
}

/** How many passwords the blocklist holds (for tests and the docs). */
export function blocklistSize(): number {
  return BLOCKED.size;
}

// The README's quick start lists the demo's logins as the demo creates them (simulators/data/qufu).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDemoData } from './demo-data';
import { DEMO_ADMIN_PASSWORD } from './demo-run';

const README = readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'),
  'utf8',
);

describe('the README quick start', () => {
  it('lists every demo login with its password', () => {
    const data = loadDemoData();
    const logins = [
      { username: 'admin', password: DEMO_ADMIN_PASSWORD },
      data.dispatcher,
      ...data.vans.map((v) => v.technician),
    ];
    for (const { username, password } of logins) {
      expect(README).toMatch(new RegExp(`\\| \`${username}\` +\\| \`${password}\` +\\|`));
    }
  });

  it('says how to run without the bots and how to bind elsewhere', () => {
    expect(README).toContain('npm run demo -- --no-bots');
    expect(README).toContain('HOST=0.0.0.0 npm run demo');
  });
});

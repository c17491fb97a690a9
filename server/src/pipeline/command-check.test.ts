import { describe, expect, it } from 'vitest';
import { command, choice, amount, argsValid } from '../../../devices/lib/commands';
import { checkCommand } from './command-check';

const label = { zh: '测试', en: 'Test' };
const COMMANDS = [
  command('reset_breaker', { label, disruptive: true }),
  command('set_lamp', { label, args: [choice('state', ['on', 'off'], { label })] }),
  command('dim', { label, args: [amount('level', { label, min: 0, max: 100, default: 50, unit: '%' })] }),
];

describe('checkCommand', () => {
  it('accepts a declared command with valid arguments and says whether it is disruptive', () => {
    const r = checkCommand('distribution_box', COMMANDS, 'reset_breaker', {});
    expect(r).toMatchObject({ ok: true, args: {}, command: { name: 'reset_breaker', disruptive: true } });
    expect(checkCommand('streetlight', COMMANDS, 'set_lamp', { state: 'off' })).toMatchObject({
      ok: true,
      args: { state: 'off' },
      command: { disruptive: false },
    });
  });

  it('refuses a command the type does not declare, naming the ones it does', () => {
    const r = checkCommand('distribution_box', COMMANDS, 'format_flash', {});
    expect(r).toEqual({
      ok: false,
      allowed: ['reset_breaker', 'set_lamp', 'dim'],
      message: "a distribution_box has no command 'format_flash'; it accepts: reset_breaker, set_lamp, dim",
    });
    expect(checkCommand('van', [], 'reboot', {})).toMatchObject({ ok: false, allowed: [] });
  });

  it('refuses unknown, missing and out-of-range arguments, saying what the command takes', () => {
    const unknown = checkCommand('distribution_box', COMMANDS, 'reset_breaker', { phase: 'a' });
    expect(unknown).toMatchObject({ ok: false });
    if (!unknown.ok) expect(unknown.message).toMatch(/unknown argument phase.*takes no arguments/);
    const bad = checkCommand('streetlight', COMMANDS, 'set_lamp', { state: 'dim' });
    if (bad.ok) throw new Error('accepted');
    expect(bad.message).toMatch(/state: on \| off/);
    expect(checkCommand('streetlight', COMMANDS, 'set_lamp', {}).ok).toBe(false);
    expect(checkCommand('streetlight', COMMANDS, 'dim', { level: 101 }).ok).toBe(false);
    expect(checkCommand('streetlight', COMMANDS, 'dim', { level: '50' }).ok).toBe(false);
  });

  it('agrees with argsValid, which the simulated devices apply', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['dim', { level: 0 }],
      ['dim', { level: 100 }],
      ['dim', { level: -1 }],
      ['set_lamp', { state: 'on', extra: 1 }],
      ['reset_breaker', {}],
    ];
    for (const [name, args] of cases) {
      const cmd = COMMANDS.find((c) => c.name === name);
      if (!cmd) throw new Error(name);
      expect(checkCommand('t', COMMANDS, name, args).ok, `${name} ${JSON.stringify(args)}`).toBe(
        argsValid(cmd, args),
      );
    }
  });
});

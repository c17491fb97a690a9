// The simulated devices' answers to commands: every command the registry defines is understood,
// a fault it fixes is cleared, anything else gets a failed ack with a reason, and a payload without
// an id gets no answer.
import { describe, expect, it } from 'vitest';
import { definition as box } from '../../devices/distribution_box';
import { definition as camera } from '../../devices/camera';
import { deviceTypes } from '../../devices/index';
import { definition as light } from '../../devices/streetlight';
import { answerCommand } from './commands';

const cmd = (name: string, args?: Record<string, unknown>) => JSON.stringify({ id: 'c-1', name, args });

describe('answerCommand', () => {
  it.each(deviceTypes.flatMap((def) => def.commands.map((c) => [def.type, c.name] as const)))(
    'a %s understands its own command %s',
    (type, name) => {
      const def = deviceTypes.find((d) => d.type === type);
      if (!def) throw new Error(type);
      const c = def.commands.find((x) => x.name === name);
      const args = Object.fromEntries(
        (c?.args ?? []).map((a) => [a.key, a.kind === 'enum' ? a.values[0] : a.default]),
      );
      const answer = answerCommand(def, cmd(name, args), undefined);
      expect(answer?.ack).toMatchObject({ id: 'c-1', ok: true });
    },
  );

  it('reset_breaker clears a tripped breaker', () => {
    expect(answerCommand(box, cmd('reset_breaker'), 'breaker_tripped')).toEqual({
      ack: { id: 'c-1', ok: true, message: 'breaker_tripped cleared' },
      effect: { kind: 'clear_fault' },
    });
  });

  it('reset_breaker does not clear leakage: failed ack, fresh reading', () => {
    expect(answerCommand(box, cmd('reset_breaker'), 'leakage')).toEqual({
      ack: { id: 'c-1', ok: false, message: 'reset_breaker did not clear leakage' },
      effect: { kind: 'report' },
    });
  });

  it('a camera reboot clears lost video', () => {
    expect(answerCommand(camera, cmd('reboot'), 'video_lost')?.effect).toEqual({ kind: 'clear_fault' });
  });

  it('set_lamp off lays the lamp off with no current; on goes back to the schedule', () => {
    expect(answerCommand(light, cmd('set_lamp', { state: 'off' }), undefined)?.effect).toEqual({
      kind: 'override',
      overlay: { commanded: 'off', lamp: 'off', i: 0, p: 0 },
    });
    expect(answerCommand(light, cmd('set_lamp', { state: 'on' }), undefined)?.effect).toEqual({
      kind: 'override',
      overlay: {},
    });
  });

  it('set_lamp on cannot fix a failed lamp', () => {
    expect(answerCommand(light, cmd('set_lamp', { state: 'on' }), 'lamp_failure')).toEqual({
      ack: { id: 'c-1', ok: false, message: 'lamp did not light: needs a technician' },
      effect: { kind: 'none' },
    });
  });

  it('an unknown command or bad arguments: failed ack, nothing done', () => {
    expect(answerCommand(box, cmd('reboot'), undefined)).toEqual({
      ack: { id: 'c-1', ok: false, message: "unknown command 'reboot' for a distribution_box" },
      effect: { kind: 'none' },
    });
    expect(answerCommand(light, cmd('set_lamp', { state: 'dim' }), undefined)).toEqual({
      ack: { id: 'c-1', ok: false, message: "bad arguments for 'set_lamp'" },
      effect: { kind: 'none' },
    });
  });

  it.each(['not json', '{}', '{"name":"report_now"}', '{"id":"","name":"report_now"}', '[1]'])(
    'no answer to %s',
    (payload) => {
      expect(answerCommand(box, payload, undefined)).toBeUndefined();
    },
  );
});

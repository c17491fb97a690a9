// The server's withheld list in the incident view's terms.
import { describe, expect, it } from 'vitest';
import { alarm, silence } from './fixtures';
import { fromGate } from './gate';

describe('fromGate', () => {
  const until = '2026-12-06T14:00:30.000Z';

  it('turns each reason into the view’s, and lists held and restoring alarms under their box', () => {
    const list = [
      {
        alarm: alarm('a1', 'lamp-1'),
        why: {
          code: 'power_cut' as const,
          feederId: 'box-1',
          causeAlarmId: 'r',
          causeRule: 'breaker_tripped',
        },
      },
      { alarm: alarm('a2', 'lamp-2'), why: { code: 'awaiting_cause' as const, feederId: 'box-1', until } },
      { alarm: alarm('a3', 'lamp-3'), why: { code: 'silenced' as const, silenceId: 's1', until } },
      {
        alarm: alarm('a4', 'lamp-4'),
        why: { code: 'power_restored' as const, feederId: 'box-2', causeAlarmId: 'r2' },
      },
      { alarm: alarm('a5', 'lamp-5'), why: { code: 'own_fault' as const } },
    ];
    const view = fromGate(list, new Map([['s1', silence('s1', { createdBy: 'wang' })]]));
    expect([...view.whyById]).toEqual([
      ['a1', { kind: 'grouped', ticketId: undefined }],
      ['a2', { kind: 'held', until }],
      ['a3', { kind: 'silenced', by: 'wang', until }],
      ['a4', { kind: 'restoring', until: undefined }],
    ]);
    expect(view.pending.map((p) => [p.alarm.id, p.feederId, p.why.kind])).toEqual([
      ['a2', 'box-1', 'held'],
      ['a4', 'box-2', 'restoring'],
    ]);
    expect([...view.held]).toEqual(['a2']);
  });
});

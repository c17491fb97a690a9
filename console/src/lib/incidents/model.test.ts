// The incident view's model: grouping by compound then root cause (a box feeding two compounds
// shows under both), the count of dark devices, and why each has no ticket of its own.
import { describe, expect, it } from 'vitest';
import type { AlarmDto, DeviceDto, SilenceDto } from '../api/types';
import { affected, alarm, device, incident, silence } from './fixtures';
import { causeName, groupIncidents, whyMessage, whyNoTicket, type IncidentLookups } from './model';

const devices: DeviceDto[] = [
  device('box-1', 'distribution_box', 'gongbao', { name: '工保 1号配电箱' }),
  device('box-2', 'distribution_box', 'xingtan', { name: '杏坛 2号配电箱' }),
  device('lamp-1', 'streetlight', 'gongbao', { name: 'A 路灯' }),
  device('lamp-2', 'streetlight', 'gongbao', { name: 'B 路灯' }),
  device('cam-1', 'camera', 'xingtan', { name: 'C 摄像机' }),
  device('lamp-3', 'streetlight', 'xingtan', { name: 'D 路灯' }),
];

function lookups(alarms: AlarmDto[] = [], silences: SilenceDto[] = []): IncidentLookups {
  return {
    deviceById: new Map(devices.map((d) => [d.id, d])),
    compoundNames: new Map([
      ['gongbao', '工保小区'],
      ['xingtan', '杏坛小区'],
    ]),
    alarmById: new Map(alarms.map((a) => [a.id, a])),
    silenceById: new Map(silences.map((s) => [s.id, s])),
  };
}

describe('groupIncidents', () => {
  it('groups by compound, then by box; a box feeding two compounds shows under both with their devices', () => {
    const inc1 = incident('box-1', [affected('lamp-1'), affected('lamp-2'), affected('cam-1')]);
    const inc2 = incident('box-2', [affected('lamp-3')]);
    const groups = groupIncidents([inc2, inc1], lookups());
    expect(groups.map((g) => [g.name, g.dark])).toEqual([
      ['工保小区', 2],
      ['杏坛小区', 2],
    ]);
    const [gongbao, xingtan] = groups;
    expect(gongbao?.roots.map((r) => [r.boxName, r.devices.map((d) => d.name)])).toEqual([
      ['工保 1号配电箱', ['A 路灯', 'B 路灯']],
    ]);
    expect(xingtan?.roots.map((r) => [r.boxName, r.devices.map((d) => d.name)])).toEqual([
      ['工保 1号配电箱', ['C 摄像机']],
      ['杏坛 2号配电箱', ['D 路灯']],
    ]);
    expect(gongbao?.roots[0]?.ticketId).toBe('T-box-1');
    // Under 杏坛, box 1 says where it stands.
    expect(xingtan?.roots.map((r) => r.boxElsewhere)).toEqual(['工保小区', undefined]);
    expect(gongbao?.roots[0]?.boxElsewhere).toBeUndefined();
  });

  it('counts only the devices still dark, lists them first, and keeps a box with none under its own compound', () => {
    const inc = incident('box-1', [affected('lamp-1', { active: false }), affected('lamp-2')]);
    const [g] = groupIncidents([inc, incident('box-2', [])], lookups());
    expect(g?.dark).toBe(1);
    expect(g?.roots[0]?.devices.map((d) => [d.deviceId, d.active])).toEqual([
      ['lamp-2', true],
      ['lamp-1', false],
    ]);
    const all = groupIncidents([incident('box-2', [])], lookups());
    expect(all.map((x) => [x.compoundId, x.dark, x.roots.length])).toEqual([['xingtan', 0, 1]]);
  });

  it('puts devices without a compound in a group of their own, last', () => {
    const groups = groupIncidents(
      [
        incident('box-1', [affected('lamp-1'), affected('ghost'), affected('ghost-2')], {
          compoundId: undefined,
        }),
      ],
      {
        ...lookups(),
        deviceById: new Map(devices.filter((d) => d.id !== 'box-1').map((d) => [d.id, d])),
      },
    );
    expect(groups.map((g) => [g.compoundId, g.dark])).toEqual([
      [undefined, 2],
      ['gongbao', 1],
    ]);
    expect(groups[0]?.roots[0]?.boxName).toBe('box-1');
  });
});

describe('groupIncidents with held and restoring alarms', () => {
  it('lists alarms the server holds back under their box, as waiting for it or with its power back', () => {
    const held = alarm('h1', 'lamp-3', { raisedAt: '2026-12-06T14:00:10.000Z' });
    const restoring = alarm('r1', 'lamp-1');
    const groups = groupIncidents([], lookups(), [
      { alarm: held, feederId: 'box-2', why: { kind: 'held', until: '2026-12-06T14:00:40.000Z' } },
      { alarm: restoring, feederId: 'box-1', why: { kind: 'restoring' } },
    ]);
    expect(
      groups.map((g) => [
        g.compoundId,
        g.roots.map((r) => [r.boxName, r.state, r.root, r.dark, r.startedAt]),
      ]),
    ).toEqual([
      ['gongbao', [['工保 1号配电箱', 'restored', undefined, 1, restoring.raisedAt]]],
      ['xingtan', [['杏坛 2号配电箱', 'awaiting', undefined, 1, held.raisedAt]]],
    ]);
    expect(groups[1]?.roots[0]?.devices[0]?.why).toEqual({ kind: 'held', until: '2026-12-06T14:00:40.000Z' });
  });

  it('does not list twice an alarm an active incident already has', () => {
    const inc = incident('box-1', [affected('lamp-1')]);
    const again = alarm('a-lamp-1', 'lamp-1');
    const groups = groupIncidents([inc], lookups(), [
      { alarm: again, feederId: 'box-1', why: { kind: 'held' } },
    ]);
    expect(groups.flatMap((g) => g.roots.map((r) => [r.state, r.devices.length]))).toEqual([['cut', 1]]);
  });
});

describe('whyNoTicket', () => {
  const inc = incident('box-1', []);
  const a = affected('lamp-1');
  const grouped = alarm('a-lamp-1', 'lamp-1', { causeAlarmId: 'root-box-1' });
  const none = new Map<string, SilenceDto>();

  it('is grouped under the box’s ticket while the cause is active', () => {
    expect(whyNoTicket(inc, a, grouped, none)).toEqual({ kind: 'grouped', ticketId: 'T-box-1' });
  });

  it('is held while the alarm has no cause yet', () => {
    expect(whyNoTicket(inc, a, alarm('a-lamp-1', 'lamp-1'), none)).toEqual({ kind: 'held' });
  });

  it('is silenced, by whom and until when', () => {
    const s = silence('s1', { createdBy: 'wang', endsAt: '2026-12-06T16:00:00.000Z' });
    const why = whyNoTicket(inc, a, { ...grouped, silenceId: 's1' }, new Map([['s1', s]]));
    expect(why).toEqual({ kind: 'silenced', by: 'wang', until: '2026-12-06T16:00:00.000Z' });
  });

  it('is restoring once the cause cleared while the device is still dark', () => {
    const cleared = incident('box-1', [], { endedAt: '2026-12-06T15:00:00.000Z' });
    expect(whyNoTicket(cleared, a, grouped, none)).toEqual({ kind: 'restoring' });
    const rootBack = incident('box-1', []);
    rootBack.rootAlarm = { ...rootBack.rootAlarm, active: false };
    expect(whyNoTicket(rootBack, a, grouped, none)).toEqual({ kind: 'restoring' });
  });

  it('takes the server’s own reason where it gave one', () => {
    const gate = new Map([['a-lamp-1', { kind: 'restoring' as const, until: '2026-12-06T14:05:00.000Z' }]]);
    expect(whyNoTicket(inc, a, grouped, none, gate)).toEqual({
      kind: 'restoring',
      until: '2026-12-06T14:05:00.000Z',
    });
    const told = new Map([['a-lamp-1', { kind: 'grouped' as const, ticketId: undefined }]]);
    expect(whyNoTicket(inc, a, alarm('a-lamp-1', 'lamp-1'), none, told)).toEqual({
      kind: 'grouped',
      ticketId: 'T-box-1',
    });
  });

  it('names its own ticket once it has one, and says when it is back', () => {
    expect(whyNoTicket(inc, { ...a, ticketId: 'T-9' }, grouped, none)).toEqual({
      kind: 'own',
      ticketId: 'T-9',
    });
    expect(whyNoTicket(inc, { ...a, active: false }, grouped, none)).toEqual({ kind: 'back' });
  });
});

describe('whyMessage', () => {
  const time = (s: string) => `<${s.slice(11, 16)}>`;

  it('gives each reason its text with the ticket, the person and the time', () => {
    expect(whyMessage({ kind: 'grouped', ticketId: 'T-1' }, time)).toEqual({
      key: 'incidents.why.grouped',
      params: { ticket: 'T-1' },
    });
    expect(whyMessage({ kind: 'grouped', ticketId: undefined }, time).key).toBe(
      'incidents.why.groupedNoTicket',
    );
    expect(whyMessage({ kind: 'silenced', by: 'wang', until: '2026-12-06T16:00:00.000Z' }, time)).toEqual({
      key: 'incidents.why.silenced',
      params: { by: 'wang', until: '<16:00>' },
    });
    expect(whyMessage({ kind: 'held' }, time).key).toBe('incidents.why.held');
    expect(whyMessage({ kind: 'held', until: '2026-12-06T14:00:40.000Z' }, time)).toEqual({
      key: 'incidents.why.heldUntil',
      params: { until: '<14:00>' },
    });
    expect(whyMessage({ kind: 'restoring' }, time).key).toBe('incidents.why.restoring');
    expect(whyMessage({ kind: 'own', ticketId: 'T-9' }, time).params).toEqual({ ticket: 'T-9' });
  });
});

describe('causeName', () => {
  const root = alarm('root-box-1', 'box-1', { rule: 'breaker_tripped' });
  const l = lookups([root]);

  it('names the box whose alarm caused the alarm, from the live alarms or the incidents', () => {
    const a = alarm('x', 'lamp-1', { causeAlarmId: 'root-box-1' });
    expect(causeName(a, l.alarmById, l.deviceById)).toBe('工保 1号配电箱');
    expect(causeName(a, new Map(), l.deviceById, [incident('box-1', [])])).toBe('工保 1号配电箱');
    expect(causeName(alarm('y', 'lamp-1'), l.alarmById, l.deviceById)).toBeUndefined();
  });
});

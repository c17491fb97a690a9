import { describe, expect, it } from 'vitest';
import { PushMessage } from '../contracts/dto';
import { deliveryOptions, PLACE_MAX, placeText, pushMessage } from './push-message';

const ticket = { id: 'T261207-7K3QX2', priority: 'P1' as const, category: 'electrical' };

describe('push message', () => {
  it('names the place, priority, category and ticket number of an assignment, in both languages', () => {
    const m = pushMessage('assignment', ticket, { compoundName: '工保小区', address: '3号楼东 配电箱' });
    expect(PushMessage.parse(m)).toStrictEqual(m);
    expect(m).toStrictEqual({
      kind: 'assignment',
      ticketId: 'T261207-7K3QX2',
      priority: 'P1',
      category: 'electrical',
      place: '工保小区 · 3号楼东 配电箱',
      url: '/tech',
      title: { zh: 'P1 新派工单：电力', en: 'P1 new job: Electrical' },
      body: {
        zh: '工保小区 · 3号楼东 配电箱 · 工单 T261207-7K3QX2',
        en: '工保小区 · 3号楼东 配电箱 · ticket T261207-7K3QX2',
      },
    });
  });

  it('says when no place is known, and keeps a category it has no label for as it is', () => {
    const m = pushMessage('assignment', { ...ticket, priority: 'P3', category: 'lift' }, {});
    expect(m.place).toBeUndefined();
    expect(m.title).toStrictEqual({ zh: 'P3 新派工单：lift', en: 'P3 new job: lift' });
    expect(m.body).toStrictEqual({
      zh: '地点未填 · 工单 T261207-7K3QX2',
      en: 'no place given · ticket T261207-7K3QX2',
    });
  });

  it('names the level of an escalation', () => {
    const m = pushMessage(
      'escalation',
      { ...ticket, priority: 'P2', category: 'water' },
      { address: '曲阜镇家属院' },
      2,
    );
    expect(m.level).toBe(2);
    expect(m.title).toStrictEqual({ zh: '工单升级（2级）：P2 供水', en: 'Escalated (level 2): P2 Water' });
    expect(m.body.en).toBe('曲阜镇家属院 · ticket T261207-7K3QX2 not accepted in time');
  });

  it('joins compound and address once, squeezes blanks and trims a long place', () => {
    expect(placeText({ compoundName: ' 工保小区 ', address: '工保小区' })).toBe('工保小区');
    expect(placeText({ address: 'a\n  b' })).toBe('a b');
    expect(placeText({ compoundName: '', address: '  ' })).toBeUndefined();
    const long = placeText({ address: '长'.repeat(200) });
    expect(long).toHaveLength(PLACE_MAX);
    expect(long?.endsWith('…')).toBe(true);
  });
});

describe('delivery options', () => {
  it('sends P1 and escalations with urgency high and a short TTL, the rest normal', () => {
    expect(deliveryOptions('assignment', 'P1', 'T1')).toStrictEqual({
      TTL: 900,
      urgency: 'high',
      topic: 'T1',
    });
    expect(deliveryOptions('assignment', 'P2', 'T1')).toStrictEqual({
      TTL: 3600,
      urgency: 'normal',
      topic: 'T1',
    });
    expect(deliveryOptions('assignment', 'P4', 'T1').urgency).toBe('normal');
    expect(deliveryOptions('escalation', 'P3', 'T1')).toStrictEqual({
      TTL: 900,
      urgency: 'high',
      topic: 'T1',
    });
  });

  it('makes a topic of the ticket id within RFC 8030 limits', () => {
    expect(deliveryOptions('assignment', 'P2', 'T261207-7K3QX2').topic).toBe('T261207-7K3QX2');
    expect(deliveryOptions('assignment', 'P2', `a.b:${'x'.repeat(40)}`).topic).toMatch(/^a_b_x{28}$/);
  });
});

// The small decisions of the van simulator: where a van drives, what a technician does next, the
// repair note, and where a ticket without a point is (its compound's centre, as the server has it).
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/random';
import type { Job } from './fleet-watch';
import { outlineCentre } from './fleet-watch';
import { goalFor } from './sim-van';
import { delayS, nextAction, repairNote, TECHNICIAN } from './technician';

const HOME: [number, number] = [35.597, 116.99];
const job = (status: Job['status'], at: Job['at'] = { lat: 35.5985, lng: 116.9927 }): Job => ({
  ticketId: 'T1',
  status,
  category: 'electrical',
  at,
});

describe('goalFor', () => {
  it('home without a ticket; carry on while only dispatched; to the ticket once accepted', () => {
    expect(goalFor(undefined, HOME)).toEqual({ key: 'home', at: HOME });
    expect(goalFor(job('dispatched'), HOME)).toBe('keep');
    for (const status of ['accepted', 'en_route', 'on_site'] as const)
      expect(goalFor(job(status), HOME)).toMatchObject({ at: [35.5985, 116.9927] });
    expect(goalFor(job('accepted'), HOME)).toEqual(goalFor(job('on_site'), HOME)); // no re-plan on arrival
  });

  it('stands when the ticket has no place to drive to', () => {
    expect(goalFor({ ...job('accepted'), at: undefined }, HOME)).toBe('stand');
  });
});

describe('technician', () => {
  it('accepts, departs, waits for the arrival, resolves', () => {
    expect(nextAction('dispatched')).toBe('accept');
    expect(nextAction('accepted')).toBe('depart');
    expect(nextAction('en_route')).toBeUndefined();
    expect(nextAction('on_site')).toBe('resolve');
    expect(nextAction('resolved')).toBeUndefined();
  });

  it('takes its time within the profile', () => {
    const rand = seededRandom(5);
    for (let i = 0; i < 50; i++) {
      const s = delayS('resolve', TECHNICIAN, rand);
      expect(s).toBeGreaterThanOrEqual(TECHNICIAN.repairS[0]);
      expect(s).toBeLessThan(TECHNICIAN.repairS[1]);
    }
  });

  it('writes a Chinese repair note fitting the category', () => {
    const rand = seededRandom(9);
    expect(repairNote('electrical', rand)).toMatch(/^已修复：/);
    expect(repairNote('lighting', rand)).toMatch(/路灯|光源/);
    expect(repairNote('fire', rand)).toMatch(/烟雾报警器|充电|楼道/);
    expect(repairNote('no-such-category', rand)).toBe('已处理：现场检查并排除故障');
  });
});

describe('outlineCentre', () => {
  it('is the mean of the ring without its closing vertex', () => {
    const ring: [number, number][] = [
      [116.99, 35.59],
      [117.0, 35.59],
      [117.0, 35.6],
      [116.99, 35.6],
      [116.99, 35.59],
    ];
    const c = outlineCentre({ id: 'c', outline: { type: 'Polygon', coordinates: [ring] } });
    expect(c.lat).toBeCloseTo(35.595, 12);
    expect(c.lng).toBeCloseTo(116.995, 12);
  });
});

// The dusk sweep's decisions (docs/operations.md "Dusk sweep"): when a night's sweep is due (some
// minutes after sunset at the depot, nights counted in SITE_TZ), which lamps are dark, and the one
// night-patrol ticket that lists them in visiting order with its route on the timeline.
// Pure: the time, the lamps and their alarms, the travel times and the ids are parameters.
import { sunriseNear, sunsetNear } from '../../../devices/lib/sun';
import type { LatLng } from '../roads/types';
import type { AlarmRecord, DeviceRecord, DeviceStateRecord, TicketRecord } from '../store/store';
import { addDays, localTime } from './duty';
import type { TravelBasis } from './patrol-order';
import { slaDeadlines, type SlaPolicy } from './sla';
import type { TicketChange } from './ticket-decisions';

/** The alarms that count a lamp as dark, whatever its current state. */
export const DARK_RULES = ['dark_at_night', 'lamp_failure'] as const;
/** Below this current a lamp that claims to be on gives no light (the streetlight type's figure). */
const NO_CURRENT_A = 0.05;
const HOUR_MS = 3_600_000;

/** The solar noon of a calendar day at a longitude: suncalc answers for the solar day around it. */
function solarNoon(date: string, lng: number): number {
  return Date.parse(`${date}T12:00:00Z`) - (lng / 15) * HOUR_MS;
}

/**
 * The night whose sweep is due at `now`: named by the SITE_TZ date of its sunset, due from
 * `afterMin` minutes past that sunset at `at` until the next sunrise. Undefined outside that window,
 * when `afterMin` is 0 (the sweep is off), or where the sun does not set.
 */
export function sweepDue(
  now: number,
  timeZone: string,
  at: LatLng,
  afterMin: number,
): { night: string; dueAt: number } | undefined {
  if (afterMin <= 0) return undefined;
  const today = localTime(now, timeZone).date;
  for (const night of [today, addDays(today, -1)]) {
    const sunset = sunsetNear(at.lat, at.lng, solarNoon(night, at.lng));
    const sunrise = sunriseNear(at.lat, at.lng, solarNoon(addDays(night, 1), at.lng));
    if (sunset === undefined || sunrise === undefined) continue;
    const dueAt = sunset + afterMin * 60_000;
    if (now >= dueAt && now < sunrise) return { night, dueAt };
  }
  return undefined;
}

/** The night-patrol ticket of a night: one id per night, so no night gets two. e.g. T261221-DSWEEP. */
export function sweepTicketId(night: string): string {
  return `T${night.slice(2).replaceAll('-', '')}-DSWEEP`;
}

/** A lamp the sweep looks at: its record, its last state, and its active alarms. */
export interface LampView {
  rec: DeviceRecord;
  st?: DeviceStateRecord;
  alarms: readonly AlarmRecord[];
}

/** Why a lamp is on the patrol. */
export type DarkReason = 'dark' | (typeof DARK_RULES)[number];

export interface DarkLamp {
  id: string;
  name?: string;
  lat: number;
  lng: number;
  /** Its own reading (`dark`) and/or its active alarms. */
  reasons: DarkReason[];
}

/**
 * The lamps found dark at the sweep (the sun has set: every lamp should burn): online lamps that
 * report `lamp == off` or a current below 0.05 A, and lamps with an active dark_at_night or
 * lamp_failure alarm not grouped under a power cut (the feeder's ticket is that work). Lamps taken out
 * of service or with no position are left out. In id order.
 */
export function darkLamps(lamps: Iterable<LampView>): DarkLamp[] {
  const out: DarkLamp[] = [];
  for (const { rec, st, alarms } of lamps) {
    if (rec.decommissionedAt !== undefined || rec.lat === undefined || rec.lng === undefined) continue;
    const reasons: DarkReason[] = [];
    const s = st?.state;
    const i = s?.i;
    if (st?.status === 'online' && s && (s.lamp === 'off' || (typeof i === 'number' && i < NO_CURRENT_A)))
      reasons.push('dark');
    for (const rule of DARK_RULES)
      if (alarms.some((a) => a.active && a.rule === rule && a.causeAlarmId === undefined)) reasons.push(rule);
    if (reasons.length === 0) continue;
    out.push({
      id: rec.id,
      ...(rec.name !== undefined && { name: rec.name }),
      lat: rec.lat,
      lng: rec.lng,
      reasons,
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Where the patrol starts: the depot (or the lamps' centre when there is none). */
export interface PatrolStart extends LatLng {
  name?: string;
}

/** A stop of the patrol, in visiting order, with the travel time from the previous one. */
export interface PatrolStop {
  deviceId: string;
  name?: string;
  lat: number;
  lng: number;
  legS: number;
  reasons: DarkReason[];
}

/** The stops in the order `order` gives over [start, ...lamps] (0 = the start), with leg times. */
export function patrolStops(
  lamps: readonly DarkLamp[],
  order: readonly number[],
  cost: (i: number, j: number) => number,
): PatrolStop[] {
  const stops: PatrolStop[] = [];
  for (let k = 1; k < order.length; k++) {
    const idx = order[k] ?? 0;
    const lamp = lamps[idx - 1];
    if (!lamp) continue;
    const leg = cost(order[k - 1] ?? 0, idx);
    stops.push({
      deviceId: lamp.id,
      ...(lamp.name !== undefined && { name: lamp.name }),
      lat: lamp.lat,
      lng: lamp.lng,
      legS: Math.round(leg),
      reasons: lamp.reasons,
    });
  }
  return stops;
}

export interface PatrolPlan {
  night: string;
  start: PatrolStart;
  stops: readonly PatrolStop[];
  basis: TravelBasis;
}

/** The timeline type of the patrol's route. */
export const PATROL_ROUTE_EVENT = 'patrol_route';

/**
 * The night-patrol ticket (source inspection, category lighting, P3) listing the dark lamps in visiting
 * order, at the first stop; its timeline: `created`, then `patrol_route` with the ordered stops (ids,
 * names, positions, leg times) and the total. By `system`.
 */
export function nightPatrolTicket(plan: PatrolPlan, now: number, sla: SlaPolicy): TicketChange {
  const first = plan.stops[0];
  const list = plan.stops.map((s, k) => `${k + 1}. ${s.name ?? s.deviceId}（${s.deviceId}）`).join('；');
  const description = `夜间巡查：${plan.stops.length} 盏路灯不亮，按顺序巡查 ${list}`.slice(0, 2000);
  const next: TicketRecord = {
    id: sweepTicketId(plan.night),
    status: 'new',
    priority: 'P3',
    source: 'inspection',
    category: 'lighting',
    description,
    createdAt: now,
    updatedAt: now,
    ...(first && { lat: first.lat, lng: first.lng }),
    ...slaDeadlines('P3', now, sla),
  };
  const totalS = plan.stops.reduce((s, x) => s + x.legS, 0);
  const route = {
    night: plan.night,
    basis: plan.basis,
    start: plan.start,
    stops: plan.stops,
    totalS,
  };
  return {
    next,
    before: {
      ticketId: next.id,
      at: now,
      type: 'created',
      by: 'system',
      data: { priority: 'P3', suggested: false, sweep: plan.night },
    },
    entry: { ticketId: next.id, at: now, type: PATROL_ROUTE_EVENT, by: 'system', data: route },
  };
}

/** The centre of the lamps (where the patrol starts when no depot is registered). */
export function centreOf(points: readonly LatLng[]): LatLng | undefined {
  if (points.length === 0) return undefined;
  const lat = points.reduce((s, p) => s + p.lat, 0) / points.length;
  const lng = points.reduce((s, p) => s + p.lng, 0) / points.length;
  return { lat, lng };
}

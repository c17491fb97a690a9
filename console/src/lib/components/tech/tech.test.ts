// The technician view's pure rules: the way to the ticket (place, distance, ETA, geo: link), the
// alert decisions (once per dispatch, channels, blocked browser APIs), the wake-up decisions
// (reconnect now, re-sync after a long absence) and failures in kinds. (Van fixes: state/van-fix.)
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import type { CompoundDto, TicketDto, VanDto } from '../../api/types';
import { alertKey, alertPlan, AssignmentAlerter, VIBRATE_PATTERN, type AlertPorts } from './alert';
import { staleAfter, techErrorKind } from './errors';
import {
  compoundCentre,
  distanceParts,
  etaParts,
  geoUri,
  leg,
  ticketPlace,
  URBAN_SPEED_KMH,
  vanPoint,
} from './route';
import { WAKE_RESYNC_AFTER_MS, wakeAction, watchWake, type WakeTarget } from './wake';

const T0 = Date.parse('2026-05-01T08:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function ticket(over: Partial<TicketDto> = {}): TicketDto {
  return {
    id: 'T1',
    status: 'dispatched',
    repeatCount: 0,
    priority: 'P2',
    source: 'hotline',
    category: 'electrical',
    description: '楼道灯不亮',
    createdAt: iso(T0),
    updatedAt: iso(T0 + 60_000),
    dispatchedAt: iso(T0 + 60_000),
    respondBy: iso(T0 + 3_600_000),
    resolveBy: iso(T0 + 8 * 3_600_000),
    ...over,
  };
}

function van(over: Partial<VanDto> = {}): VanDto {
  return {
    id: 'van-1',
    name: '1号车',
    status: 'assigned',
    lat: 35.597,
    lng: 116.99,
    lastSeen: iso(T0),
    ...over,
  };
}

const square: Pick<CompoundDto, 'outline'> = {
  outline: {
    type: 'Polygon',
    coordinates: [
      [
        [116.99, 35.59],
        [117.0, 35.59],
        [117.0, 35.6],
        [116.99, 35.6],
        [116.99, 35.59],
      ],
    ],
  },
};

describe('the way to the ticket', () => {
  it('takes the centre of a compound as the mean of its corners, the closing corner once', () => {
    const c = compoundCentre(square);
    expect(c?.lat).toBeCloseTo(35.595, 9);
    expect(c?.lng).toBeCloseTo(116.995, 9);
  });

  it('has no centre for an empty outline', () => {
    expect(compoundCentre({ outline: { type: 'Polygon', coordinates: [[]] } })).toBeUndefined();
  });

  it("uses the ticket's own point first, else its compound's centre, else nothing", () => {
    const lookup = (id: string) => (id === 'c1' ? square : undefined);
    expect(ticketPlace(ticket({ lat: 35.6, lng: 117, compoundId: 'c1' }), lookup)).toEqual({
      lat: 35.6,
      lng: 117,
      from: 'ticket',
    });
    const byCompound = ticketPlace(ticket({ compoundId: 'c1' }), lookup);
    expect(byCompound?.from).toBe('compound');
    expect(byCompound?.lat).toBeCloseTo(35.595, 9);
    expect(ticketPlace(ticket({ compoundId: 'unknown' }), lookup)).toBeUndefined();
    expect(ticketPlace(ticket(), lookup)).toBeUndefined();
  });

  it("knows the van's point only once it has reported one", () => {
    expect(vanPoint(van())).toEqual({ lat: 35.597, lng: 116.99 });
    expect(vanPoint(van({ lat: undefined, lng: undefined }))).toBeUndefined();
    expect(vanPoint(undefined)).toBeUndefined();
  });

  it('measures the great-circle distance: 0.01° of latitude is about 1112 m', () => {
    const l = leg({ lat: 35.59, lng: 116.99 }, { lat: 35.6, lng: 116.99 });
    expect(l.meters).toBeGreaterThan(1111);
    expect(l.meters).toBeLessThan(1113);
  });

  it('estimates the driving time at the urban speed (25 km/h: 1 km in 144 s)', () => {
    expect(URBAN_SPEED_KMH).toBe(25);
    const l = leg({ lat: 35.59, lng: 116.99 }, { lat: 35.6, lng: 116.99 });
    expect(l.seconds).toBeCloseTo((l.meters / 1000) * 144, 6);
    expect(leg({ lat: 35.59, lng: 116.99 }, { lat: 35.59, lng: 116.99 })).toEqual({ meters: 0, seconds: 0 });
  });

  it('says distances in metres (to 10) under a kilometre, else in km with one decimal', () => {
    expect(distanceParts(0)).toEqual({ unit: 'm', value: 0 });
    expect(distanceParts(344)).toEqual({ unit: 'm', value: 340 });
    expect(distanceParts(994)).toEqual({ unit: 'm', value: 990 });
    expect(distanceParts(995)).toEqual({ unit: 'km', value: 1 });
    expect(distanceParts(1249)).toEqual({ unit: 'km', value: 1.2 });
    expect(distanceParts(12_960)).toEqual({ unit: 'km', value: 13 });
  });

  it('says times in whole minutes, rounded up, at least one; hours past an hour', () => {
    expect(etaParts(0)).toEqual({ unit: 'min', minutes: 0 });
    expect(etaParts(5)).toEqual({ unit: 'min', minutes: 1 });
    expect(etaParts(61)).toEqual({ unit: 'min', minutes: 2 });
    expect(etaParts(59 * 60)).toEqual({ unit: 'min', minutes: 59 });
    expect(etaParts(3600)).toEqual({ unit: 'h', hours: 1, minutes: 0 });
    expect(etaParts(3600 + 25 * 60)).toEqual({ unit: 'h', hours: 1, minutes: 25 });
    expect(etaParts(Infinity)).toBeUndefined();
  });

  it('hands the place to the map app as a geo: URI with a label', () => {
    expect(geoUri({ lat: 35.5991234567, lng: 116.992 })).toBe('geo:35.599123,116.992?q=35.599123,116.992');
    expect(geoUri({ lat: 35.6, lng: 117 }, '工保小区 3号楼')).toBe(
      `geo:35.6,117?q=35.6,117(${encodeURIComponent('工保小区 3号楼')})`,
    );
  });
});

function ports(over: Partial<AlertPorts> = {}): AlertPorts & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    permission: () => 'granted',
    requestPermission: () => Promise.resolve('granted'),
    notify: (n) => void calls.push(`notify:${n.tag}:${n.title}:${n.body}:${n.requireInteraction}`),
    canVibrate: () => true,
    vibrate: (p) => void calls.push(`vibrate:${p.join(',')}`),
    chime: () => void calls.push('chime'),
    unlockAudio: () => void calls.push('unlock'),
    focus: () => void calls.push('focus'),
    ...over,
  };
}

const text = { title: '新派单 · P2 电气', body: '工保小区\n楼道灯不亮' };

describe('alerting a new assignment', () => {
  it('alerts on every channel: chime, vibration, a notification tagged with the ticket id', () => {
    const p = ports();
    const outcome = new AssignmentAlerter(p).alert(ticket(), text);
    expect(outcome).toEqual({ chimed: true, vibrated: true, notified: true });
    expect(p.calls).toEqual([
      'chime',
      `vibrate:${VIBRATE_PATTERN.join(',')}`,
      'notify:T1:新派单 · P2 电气:工保小区\n楼道灯不亮:false',
    ]);
  });

  it('keeps a P1 notification on screen until acted on', () => {
    const p = ports();
    new AssignmentAlerter(p).alert(ticket({ priority: 'P1' }), text);
    expect(p.calls.at(-1)?.endsWith(':true')).toBe(true);
  });

  it('alerts once per dispatch, again when the ticket is dispatched anew', () => {
    const p = ports();
    const a = new AssignmentAlerter(p);
    expect(a.alert(ticket(), text)).toBeDefined();
    expect(a.alert(ticket({ updatedAt: iso(T0 + 90_000) }), text)).toBeUndefined();
    expect(a.alert(ticket({ dispatchedAt: iso(T0 + 600_000) }), text)).toBeDefined();
    expect(p.calls.filter((c) => c === 'chime')).toHaveLength(2);
  });

  it('does not alert for what the technician already sees, nor for tickets not waiting for an answer', () => {
    const p = ports();
    const a = new AssignmentAlerter(p);
    a.know(ticket());
    expect(a.alert(ticket(), text)).toBeUndefined();
    expect(a.alert(ticket({ id: 'T2', status: 'accepted' }), text)).toBeUndefined();
    expect(p.calls).toEqual([]);
  });

  it('keys a dispatch by ticket and dispatch time', () => {
    expect(alertKey(ticket())).toBe(`T1@${iso(T0 + 60_000)}`);
    expect(alertKey(ticket({ dispatchedAt: undefined }))).toBe(`T1@${iso(T0 + 60_000)}`);
  });

  it('notifies only with permission, vibrates only with a motor', () => {
    expect(alertPlan('granted', true)).toEqual({ chime: true, vibrate: true, notify: true });
    expect(alertPlan('default', false)).toEqual({ chime: true, vibrate: false, notify: false });
    expect(alertPlan('denied', true)).toEqual({ chime: true, vibrate: true, notify: false });
    expect(alertPlan('unsupported', true).notify).toBe(false);
    const p = ports({ permission: () => 'denied', canVibrate: () => false });
    expect(new AssignmentAlerter(p).alert(ticket(), text)).toEqual({
      chimed: true,
      vibrated: false,
      notified: false,
    });
    expect(p.calls).toEqual(['chime']);
  });

  it('survives blocked browser APIs: a throwing or rejecting chime, vibration, notification', async () => {
    const rejected = vi.fn(() => Promise.reject(new Error('NotAllowedError')));
    const p = ports({
      chime: rejected,
      vibrate: () => {
        throw new Error('blocked');
      },
      notify: () => {
        throw new TypeError('Illegal constructor');
      },
      permission: () => {
        throw new Error('no API');
      },
    });
    const a = new AssignmentAlerter(p);
    // permission() throwing counts as unsupported: no notification attempted
    expect(a.alert(ticket(), text)).toEqual({ chimed: true, vibrated: false, notified: false });
    expect(rejected).toHaveBeenCalledOnce();
    await Promise.resolve(); // the rejection is handled, not left unhandled
    const q = ports({
      chime: () => {
        throw new Error('no audio');
      },
      notify: () => {
        throw new TypeError('Illegal constructor');
      },
    });
    expect(new AssignmentAlerter(q).alert(ticket(), text)).toEqual({
      chimed: false,
      vibrated: true,
      notified: false,
    });
  });

  it('brings the page forward when the notification is clicked', () => {
    let click: (() => void) | undefined;
    const p = ports({ notify: (_n, onclick) => (click = onclick) });
    new AssignmentAlerter(p).alert(ticket(), text);
    click?.();
    expect(p.calls).toContain('focus');
  });

  it('"enable alerts" unlocks audio and asks for permission only when not decided yet', async () => {
    const asked = vi.fn(() => Promise.resolve('granted' as const));
    const p = ports({ permission: () => 'default', requestPermission: asked });
    expect(await new AssignmentAlerter(p).enable()).toBe('granted');
    expect(asked).toHaveBeenCalledOnce();
    expect(p.calls).toEqual(['unlock']);

    const again = vi.fn(() => Promise.resolve('granted' as const));
    const q = ports({ permission: () => 'denied', requestPermission: again });
    expect(await new AssignmentAlerter(q).enable()).toBe('denied');
    expect(again).not.toHaveBeenCalled();
    expect(q.calls).toEqual(['unlock']);

    const failing = ports({
      permission: () => 'default',
      requestPermission: () => Promise.reject(new Error('x')),
    });
    expect(await new AssignmentAlerter(failing).enable()).toBe('default');
  });
});

describe('waking up', () => {
  it('reconnects at once when the socket is down, however short the absence', () => {
    expect(wakeAction(false, undefined)).toBe('reconnect');
    expect(wakeAction(false, 10 * 60_000)).toBe('reconnect');
  });

  it('re-syncs a connected socket after a long absence or a page-cache restore, else leaves it', () => {
    expect(wakeAction(true, WAKE_RESYNC_AFTER_MS)).toBe('resync');
    expect(wakeAction(true, WAKE_RESYNC_AFTER_MS - 1)).toBe('none');
    expect(wakeAction(true, undefined)).toBe('none');
    expect(wakeAction(true, 0, { restored: true })).toBe('resync');
    expect(wakeAction(true, 5000, { thresholdMs: 5000 })).toBe('resync');
  });

  function page(connected: boolean) {
    const state = { visibilityState: 'visible' };
    const document = Object.assign(new EventTarget(), state);
    const window = new EventTarget();
    let now = T0;
    let online = true;
    const calls: string[] = [];
    const target: WakeTarget = {
      connected,
      reconnect: () => void calls.push('reconnect'),
      resync: () => void calls.push('resync'),
    };
    const stop = watchWake(target, { document, window, now: () => now, online: () => online });
    const visibility = (v: 'visible' | 'hidden') => {
      document.visibilityState = v;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    const network = (on: boolean) => {
      online = on;
      window.dispatchEvent(new Event(on ? 'online' : 'offline'));
    };
    const pass = (ms: number) => void (now += ms);
    return { calls, visibility, network, pass, stop, window };
  }

  it('re-syncs a zombie-prone socket when the page returns after a long sleep', () => {
    const p = page(true);
    p.visibility('hidden');
    p.pass(WAKE_RESYNC_AFTER_MS + 1);
    p.visibility('visible');
    expect(p.calls).toEqual(['resync']);
  });

  it('does nothing for a short look away with the socket up', () => {
    const p = page(true);
    p.visibility('hidden');
    p.pass(1000);
    p.visibility('visible');
    expect(p.calls).toEqual([]);
  });

  it('reconnects when visible again with the socket down', () => {
    const p = page(false);
    p.visibility('hidden');
    p.visibility('visible');
    expect(p.calls).toEqual(['reconnect']);
  });

  it('waits for the network: back online after a drop, it acts then, counting from the drop', () => {
    const p = page(true);
    p.network(false);
    p.visibility('hidden');
    p.pass(WAKE_RESYNC_AFTER_MS);
    p.visibility('visible'); // still offline: nothing yet
    expect(p.calls).toEqual([]);
    p.network(true);
    expect(p.calls).toEqual(['resync']);
  });

  it('reconnects on "online" when the socket is down', () => {
    const p = page(false);
    p.network(false);
    p.network(true);
    expect(p.calls).toEqual(['reconnect']);
  });

  it('re-syncs on a restore from the page cache, not on an ordinary page show', () => {
    const p = page(true);
    p.window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    expect(p.calls).toEqual([]);
    p.window.dispatchEvent(new Event('pagehide'));
    p.window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    expect(p.calls).toEqual(['resync']);
  });

  it('stops watching when asked', () => {
    const p = page(false);
    p.stop();
    p.visibility('hidden');
    p.visibility('visible');
    p.network(true);
    expect(p.calls).toEqual([]);
  });
});

describe('failed actions', () => {
  it('sorts failures into kinds the technician can act on', () => {
    expect(techErrorKind(new ApiError(409, 'conflict', 'x'), true)).toBe('conflict');
    expect(techErrorKind(new ApiError(409, 'van_busy', 'van van-2 is working on T-1'), true)).toBe(
      'van-busy',
    );
    expect(techErrorKind(new ApiError(403, 'forbidden', 'x'), true)).toBe('forbidden');
    expect(techErrorKind(new ApiError(404, 'not_found', 'x'), true)).toBe('gone');
    expect(techErrorKind(new ApiError(400, 'bad_request', 'x'), true)).toBe('invalid');
    expect(techErrorKind(new ApiError(500, 'internal', 'x'), true)).toBe('other');
    expect(techErrorKind(new TypeError('Failed to fetch'), true)).toBe('offline');
    expect(techErrorKind(new Error('x'), false)).toBe('offline');
    expect(techErrorKind(new Error('x'), true)).toBe('other');
  });

  it('re-loads the ticket after a conflict, a lost assignment or a vanished ticket only', () => {
    expect(staleAfter('conflict')).toBe(true);
    expect(staleAfter('van-busy')).toBe(true);
    expect(staleAfter('forbidden')).toBe(true);
    expect(staleAfter('gone')).toBe(true);
    expect(staleAfter('offline')).toBe(false);
    expect(staleAfter('invalid')).toBe(false);
    expect(staleAfter('other')).toBe(false);
  });
});

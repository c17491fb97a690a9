// The ticket detail's pure rules: which actions a status offers, what the dispatcher typed becomes
// (or why it cannot be sent), and what a timeline entry says beyond its type.
import { describe, expect, it } from 'vitest';
import type { TicketDto, TimelineEntry } from '../../api/types';
import { dispatcherActions } from './actions';
import { entryDetail, isRepeatFault, prepareEvent } from './detail';

function ticket(over: Partial<TicketDto> = {}): TicketDto {
  return {
    id: 'T1',
    status: 'new',
    priority: 'P2',
    source: 'hotline',
    category: 'electrical',
    description: '楼道灯不亮',
    createdAt: '2026-05-01T08:00:00.000Z',
    updatedAt: '2026-05-01T08:00:00.000Z',
    ...over,
  } as TicketDto;
}
const entry = (type: string, data: Record<string, unknown>): TimelineEntry => ({
  at: '2026-05-01T08:00:00.000Z',
  type,
  by: 'disp',
  data,
});
const reporter = { name: '赵海仁', phone: '13812345678' };

describe('dispatcherActions', () => {
  it('offers dispatch (re-dispatch) and cancel until the ticket is resolved, on the way and on site too', () => {
    for (const status of ['new', 'dispatched', 'accepted', 'en_route', 'on_site'] as const) {
      expect(dispatcherActions(ticket({ status }))).toEqual({
        dispatch: true,
        cancel: true,
        close: false,
        reopen: false,
        callback: false,
      });
    }
    for (const status of ['resolved', 'closed', 'cancelled'] as const)
      expect(dispatcherActions(ticket({ status }))).toMatchObject({ dispatch: false, cancel: false });
  });

  it('closes or reopens a resolved ticket without a resident with a reason', () => {
    expect(dispatcherActions(ticket({ status: 'resolved' }))).toMatchObject({
      close: true,
      reopen: true,
      callback: false,
    });
  });

  it("closes a resident's resolved ticket only through the callback (which may reopen it)", () => {
    expect(dispatcherActions(ticket({ status: 'resolved', reporter }))).toMatchObject({
      close: false,
      reopen: false,
      callback: true,
    });
    const callers = [{ name: '钱女士', phone: '13900001111', at: '2026-05-01T08:00:00.000Z', via: 'grid' }];
    expect(dispatcherActions(ticket({ status: 'resolved', callers }))).toMatchObject({
      close: false,
      callback: true,
    });
  });

  it('reopens a closed ticket, and offers nothing but notes on a cancelled one', () => {
    expect(dispatcherActions(ticket({ status: 'closed', reporter })).reopen).toBe(true);
    expect(dispatcherActions(ticket({ status: 'cancelled' }))).toEqual({
      dispatch: false,
      cancel: false,
      close: false,
      reopen: false,
      callback: false,
    });
  });
});

describe('prepareEvent', () => {
  it('trims the text it sends', () => {
    expect(prepareEvent({ type: 'note', text: '  住户不在家 ' })).toEqual({
      ok: true,
      body: { type: 'note', text: '住户不在家' },
    });
    expect(prepareEvent({ type: 'cancel', reason: ' 重复报修\n' })).toEqual({
      ok: true,
      body: { type: 'cancel', reason: '重复报修' },
    });
  });

  it('sends preempt only when the dispatcher asked to pull the van off its ticket', () => {
    expect(prepareEvent({ type: 'dispatch', vanId: 'van-1', preempt: true })).toEqual({
      ok: true,
      body: { type: 'dispatch', vanId: 'van-1', preempt: true },
    });
    expect(prepareEvent({ type: 'dispatch', vanId: 'van-1' })).toEqual({
      ok: true,
      body: { type: 'dispatch', vanId: 'van-1' },
    });
  });

  it('refuses an empty or blank reason or note, which the server would take or refuse', () => {
    for (const type of ['cancel', 'close', 'reopen'] as const) {
      expect(prepareEvent({ type, reason: '' })).toEqual({ ok: false, problem: 'required' });
      expect(prepareEvent({ type, reason: '   ' })).toEqual({ ok: false, problem: 'required' });
    }
    expect(prepareEvent({ type: 'note', text: ' \n ' })).toEqual({ ok: false, problem: 'required' });
  });

  it('refuses what is longer than the server takes', () => {
    expect(prepareEvent({ type: 'cancel', reason: 'x'.repeat(1001) })).toEqual({
      ok: false,
      problem: 'tooLong',
    });
    expect(prepareEvent({ type: 'cancel', reason: 'x'.repeat(1000) }).ok).toBe(true);
    expect(prepareEvent({ type: 'note', text: 'x'.repeat(2001) })).toEqual({ ok: false, problem: 'tooLong' });
  });

  it('sends a callback note only when one was written', () => {
    expect(prepareEvent({ type: 'callback', satisfaction: 'satisfied', note: '  ' })).toEqual({
      ok: true,
      body: { type: 'callback', satisfaction: 'satisfied' },
    });
    expect(prepareEvent({ type: 'callback', satisfaction: 'neutral', note: ' 等了两天 ' })).toEqual({
      ok: true,
      body: { type: 'callback', satisfaction: 'neutral', note: '等了两天' },
    });
  });

  it('names the caller called back by phone when given', () => {
    expect(
      prepareEvent({ type: 'callback', satisfaction: 'unsatisfied', note: '', phone: '13900001111' }),
    ).toEqual({ ok: true, body: { type: 'callback', satisfaction: 'unsatisfied', phone: '13900001111' } });
  });

  it('dispatches to a van by id', () => {
    expect(prepareEvent({ type: 'dispatch', vanId: 'van-1' })).toEqual({
      ok: true,
      body: { type: 'dispatch', vanId: 'van-1' },
    });
  });
});

describe('entryDetail', () => {
  it('reads the note, the repair note and the reasons', () => {
    expect(entryDetail(entry('note', { text: '住户不在家' }))).toEqual({ kind: 'text', text: '住户不在家' });
    expect(entryDetail(entry('resolve', { note: '更换了灯泡' }))).toEqual({
      kind: 'text',
      text: '更换了灯泡',
    });
    for (const type of ['decline', 'cancel', 'close', 'reopen']) {
      expect(entryDetail(entry(type, { reason: '重复报修' }))).toEqual({ kind: 'text', text: '重复报修' });
    }
  });

  it('names the kind of an attachment, and nothing for an unknown one', () => {
    expect(entryDetail(entry('attachment', { attachmentId: 'F-1', kind: 'signature' }))).toEqual({
      kind: 'attachment',
      attachment: 'signature',
    });
    expect(entryDetail(entry('attachment', { kind: 'selfie' }))).toEqual({ kind: 'none' });
  });

  it('reads for which ticket a ticket went back to the queue', () => {
    const data = { reason: 'preempted', vanId: 'van-1', forTicketId: 'T-9', forPriority: 'P1' };
    expect(entryDetail(entry('requeued', data))).toEqual({
      kind: 'requeued',
      vanId: 'van-1',
      ticketId: 'T-9',
      priority: 'P1',
    });
    expect(entryDetail(entry('requeued', { reason: 'preempted' }))).toEqual({ kind: 'none' });
  });

  it("the system's repeat-fault reopen is told by its label alone", () => {
    const repeat = { ...entry('reopen', { reason: 'repeat_fault' }), by: 'system' };
    expect(isRepeatFault(repeat)).toBe(true);
    expect(entryDetail(repeat)).toEqual({ kind: 'none' });
    // The same words from a person are just their reason.
    expect(isRepeatFault(entry('reopen', { reason: 'repeat_fault' }))).toBe(false);
  });

  it('reads the van of a dispatch, the callback and a linked report', () => {
    expect(entryDetail(entry('dispatch', { vanId: 'van-1' }))).toEqual({ kind: 'van', vanId: 'van-1' });
    expect(entryDetail(entry('callback', { satisfaction: 'unsatisfied', note: '还是不亮' }))).toEqual({
      kind: 'callback',
      satisfaction: 'unsatisfied',
      note: '还是不亮',
    });
    expect(entryDetail(entry('callback', { satisfaction: 'satisfied' }))).toEqual({
      kind: 'callback',
      satisfaction: 'satisfied',
    });
    const perCaller = { satisfaction: 'neutral', phone: '13900001111', name: '钱女士', remaining: 1 };
    expect(entryDetail(entry('callback', perCaller))).toEqual({
      kind: 'callback',
      satisfaction: 'neutral',
      name: '钱女士',
    });
    expect(entryDetail(entry('link', { description: '又停电了', reporter, source: 'hotline' }))).toEqual({
      kind: 'link',
      description: '又停电了',
      reporter: '赵海仁',
    });
    expect(entryDetail(entry('link', { description: '又停电了', source: 'grid' }))).toEqual({
      kind: 'link',
      description: '又停电了',
    });
  });

  it('reads the level and who was notified of an escalation', () => {
    expect(entryDetail(entry('escalated', { level: 2, notify: ['sup', 'boss'] }))).toEqual({
      kind: 'escalated',
      level: 2,
      notify: ['sup', 'boss'],
    });
    expect(entryDetail(entry('escalated', { level: 1 }))).toEqual({
      kind: 'escalated',
      level: 1,
      notify: [],
    });
    expect(entryDetail(entry('escalated', { level: 'high' }))).toEqual({ kind: 'none' });
  });

  it('reads the dusk sweep’s night patrol: stop names in order (the id where there is no name), minutes', () => {
    const stops = [
      { deviceId: 'lamp-2', name: '文化路 2 号灯', legS: 60 },
      { deviceId: 'lamp-1', legS: 100 },
      'junk',
    ];
    expect(entryDetail(entry('patrol_route', { stops, totalS: 160 }))).toEqual({
      kind: 'patrol',
      stops: ['文化路 2 号灯', 'lamp-1'],
      minutes: 3,
    });
    expect(entryDetail(entry('patrol_route', { stops: [] }))).toEqual({ kind: 'none' });
  });

  it('says nothing for entries without words, or with data of an unexpected shape', () => {
    expect(entryDetail(entry('accept', {}))).toEqual({ kind: 'none' });
    expect(entryDetail(entry('created', { priority: 'P2', suggested: true }))).toEqual({ kind: 'none' });
    expect(entryDetail(entry('note', { text: 42 }))).toEqual({ kind: 'none' });
    expect(entryDetail(entry('callback', { satisfaction: 'delighted' }))).toEqual({ kind: 'none' });
    expect(entryDetail(entry('link', { description: '又停电了', reporter: 'x' }))).toEqual({
      kind: 'link',
      description: '又停电了',
    });
  });
});

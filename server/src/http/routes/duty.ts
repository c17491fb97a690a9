// /api/duty — the duty roster (api.md v1.1 "Escalation": the supervisor on call). Read: admins,
// dispatchers and viewers (managers); write: admins. There is no supervisor role: the roster names which
// user is the supervisor on call for each shift.
import { Router } from 'express';
import { DutyRosterQuery, PutDutyRosterBody, type DutyNowDto, type DutyRosterDto } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import { dutyEntryDto, dutyShiftDto } from '../../mappers';
import type { Services } from '../../services';
import { audited } from '../audit';
import { allow, currentUser } from '../auth';
import { param } from '../validate';

export function dutyRouter(s: Services): Router {
  const r = Router();
  const readers = allow('dispatcher', 'viewer');
  r.get('/now', readers, async (_req, res) => {
    const { at, duty } = await s.duty.now();
    const out: DutyNowDto = {
      at: new Date(at).toISOString(),
      timeZone: s.duty.opts.timeZone,
      members: duty?.members ?? [],
      ...(duty && { shift: dutyShiftDto(duty.shift), date: duty.date }),
      ...(duty?.supervisor !== undefined && { supervisor: duty.supervisor }),
      ...(duty?.manager !== undefined && { manager: duty.manager }),
    };
    res.json(out);
  });
  r.get('/shifts', readers, (_req, res) => {
    res.json(s.duty.shifts.map(dutyShiftDto));
  });
  r.get('/roster', readers, async (req, res) => {
    const q = parse(DutyRosterQuery, req.query, 'query');
    const got = await s.duty.roster(
      q.from !== undefined && q.to !== undefined ? { from: q.from, to: q.to } : undefined,
    );
    const out: DutyRosterDto = {
      timeZone: s.duty.opts.timeZone,
      shifts: s.duty.shifts.map(dutyShiftDto),
      from: got.from,
      to: got.to,
      entries: got.entries.map(dutyEntryDto),
    };
    res.json(out);
  });
  r.put('/roster/:date/:shiftId', allow('admin'), async (req, res) => {
    const date = param(req.params, 'date');
    const shiftId = param(req.params, 'shiftId');
    const body = parse(PutDutyRosterBody, req.body);
    const entry = await s.duty.put(date, shiftId, body, currentUser(req).username);
    audited(res, 'duty.set', 'duty', `${date}/${shiftId}`, body);
    res.json(dutyEntryDto(entry));
  });
  r.delete('/roster/:date/:shiftId', allow('admin'), async (req, res) => {
    const date = param(req.params, 'date');
    const shiftId = param(req.params, 'shiftId');
    await s.duty.remove(date, shiftId);
    audited(res, 'duty.clear', 'duty', `${date}/${shiftId}`);
    res.status(204).end();
  });
  return r;
}

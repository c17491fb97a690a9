// The duty roster calls (GET /api/duty/now, /roster; PUT and DELETE /roster/{date}/{shiftId}, admin).
import type {
  DutyNowDto,
  DutyRosterDto,
  DutyRosterEntryDto,
  PutDutyRosterBody,
  UserDto,
} from '../../../../server/src/contracts/dto';
import { get, request } from './client';

export type {
  DutyNowDto,
  DutyRosterDto,
  DutyRosterEntryDto,
  DutyShiftDto,
  PutDutyRosterBody,
} from '../../../../server/src/contracts/dto';

const slot = (date: string, shiftId: string) =>
  `/api/duty/roster/${encodeURIComponent(date)}/${encodeURIComponent(shiftId)}`;

export const dutyApi = {
  /** Who is on duty now and the supervisor on call. */
  now: (signal?: AbortSignal) => get<DutyNowDto>('/api/duty/now', signal),
  /** The roster of from–to (YYYY-MM-DD, both included); without a range, this week (server's time zone). */
  roster: (range?: { from: string; to: string }, signal?: AbortSignal) =>
    get<DutyRosterDto>(`/api/duty/roster${range ? `?${new URLSearchParams(range).toString()}` : ''}`, signal),
  put: (date: string, shiftId: string, body: PutDutyRosterBody) =>
    request<DutyRosterEntryDto>('PUT', slot(date, shiftId), { body }),
  clear: (date: string, shiftId: string) => request<undefined>('DELETE', slot(date, shiftId)),
  /** The users an admin may put on the roster (GET /api/users, admin only). */
  users: (signal?: AbortSignal) => get<UserDto[]>('/api/users', signal),
};

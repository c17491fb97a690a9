// The REST calls the console makes (api.md "Resources"), one typed function each.
import { get, post, request } from './client';
import type {
  AlarmDto,
  CandidateDto,
  CompoundDto,
  DeviceDto,
  SessionUser,
  TicketDetailDto,
  TicketDto,
  TicketEventBody,
  TicketStatus,
  VanDto,
} from './types';

/** Statuses the live board shows: everything not yet closed or cancelled. */
export const BOARD_STATUSES: readonly TicketStatus[] = [
  'new',
  'dispatched',
  'accepted',
  'en_route',
  'on_site',
  'resolved',
];

export const api = {
  login: (username: string, password: string) =>
    post<{ user: SessionUser }>('/api/auth/login', { username, password }, { expect401: true }),
  logout: () => post<undefined>('/api/auth/logout'),
  /** The current session; 401 when there is none (not treated as an expiry). */
  me: () => request<SessionUser>('GET', '/api/auth/me', { expect401: true }),
  devices: (signal?: AbortSignal) => get<DeviceDto[]>('/api/devices', signal),
  activeAlarms: (signal?: AbortSignal) => get<AlarmDto[]>('/api/alarms?active=true&limit=1000', signal),
  boardTickets: (signal?: AbortSignal) =>
    get<TicketDto[]>(`/api/tickets?status=${BOARD_STATUSES.join(',')}&limit=1000`, signal),
  /** A technician's tickets (the server answers with their own van's only). */
  myTickets: (signal?: AbortSignal) => get<TicketDto[]>('/api/tickets?limit=100', signal),
  vans: (signal?: AbortSignal) => get<VanDto[]>('/api/vans', signal),
  compounds: (signal?: AbortSignal) => get<CompoundDto[]>('/api/compounds', signal),
  ticket: (id: string, signal?: AbortSignal) =>
    get<TicketDetailDto>(`/api/tickets/${encodeURIComponent(id)}`, signal),
  candidates: (id: string, signal?: AbortSignal) =>
    get<CandidateDto[]>(`/api/tickets/${encodeURIComponent(id)}/candidates`, signal),
  ticketEvent: (id: string, body: TicketEventBody) =>
    post<TicketDto>(`/api/tickets/${encodeURIComponent(id)}/events`, body),
  ackAlarm: (id: string) => post<AlarmDto>(`/api/alarms/${encodeURIComponent(id)}/ack`),
};

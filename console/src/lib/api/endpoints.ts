// The REST calls the console makes (api.md "Resources"), one typed function each.
import { del, get, post, request } from './client';
import type {
  AlarmDto,
  CandidateDto,
  CommandSentDto,
  CompoundDto,
  CreateSilenceBody,
  DeviceDetailDto,
  DeviceDto,
  DuplicateDto,
  IncidentDto,
  SessionUser,
  SilenceDto,
  SilenceMatch,
  SilencePreviewDto,
  WithheldAlarmDto,
  SiteDto,
  TelemetryDto,
  TicketDetailDto,
  TicketDto,
  TicketEventBody,
  TicketStatus,
  VanDto,
} from './types';
import type { StatsDto } from './types';
import type { CreateTicketRequest, LinkReportRequest } from '../components/hotline/form';

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
  /** Whether there is a session: 200 either way, so a fresh page logs no error before its login. */
  session: () => request<{ user: SessionUser | null }>('GET', '/api/auth/session'),
  /** The current session; 401 when there is none (not treated as an expiry). */
  me: () => request<SessionUser>('GET', '/api/auth/me', { expect401: true }),
  devices: (signal?: AbortSignal) => get<DeviceDto[]>('/api/devices', signal),
  activeAlarms: (signal?: AbortSignal) => get<AlarmDto[]>('/api/alarms?active=true&limit=1000', signal),
  boardTickets: (signal?: AbortSignal) =>
    get<TicketDto[]>(`/api/tickets?status=${BOARD_STATUSES.join(',')}&limit=1000`, signal),
  /** A device's tickets, any status, newest first (the device panel). */
  deviceTickets: (deviceId: string, signal?: AbortSignal) =>
    get<TicketDto[]>(`/api/tickets?deviceId=${encodeURIComponent(deviceId)}&limit=20`, signal),
  /** A technician's tickets (the server answers with their own van's only). */
  myTickets: (signal?: AbortSignal) => get<TicketDto[]>('/api/tickets?limit=100', signal),
  vans: (signal?: AbortSignal) => get<VanDto[]>('/api/vans', signal),
  compounds: (signal?: AbortSignal) => get<CompoundDto[]>('/api/compounds', signal),
  /** Red sail stations and the depot (beyond api.md), ordered by id. */
  sites: (signal?: AbortSignal) => get<SiteDto[]>('/api/sites', signal),
  ticket: (id: string, signal?: AbortSignal) =>
    get<TicketDetailDto>(`/api/tickets/${encodeURIComponent(id)}`, signal),
  candidates: (id: string, signal?: AbortSignal) =>
    get<CandidateDto[]>(`/api/tickets/${encodeURIComponent(id)}/candidates`, signal),
  ticketEvent: (id: string, body: TicketEventBody) =>
    post<TicketDto>(`/api/tickets/${encodeURIComponent(id)}/events`, body),
  ackAlarm: (id: string) => post<AlarmDto>(`/api/alarms/${encodeURIComponent(id)}/ack`),
  /** Several alarms acknowledged at once (all or none). */
  ackAlarms: (ids: readonly string[]) => post<AlarmDto[]>('/api/alarms/ack', { ids }),
  /** Several tickets cancelled at once with one reason (all or none). */
  cancelTickets: (ids: readonly string[], reason: string) =>
    post<TicketDto[]>('/api/tickets/cancel', { ids, reason }),
  /** A hotline ticket (201 with the new ticket). */
  createTicket: (body: CreateTicketRequest) => post<TicketDto>('/api/tickets', body),
  /** A further report of an open ticket's problem: a `link` entry on its timeline. */
  linkReport: (id: string, body: LinkReportRequest) =>
    post<TicketDto>(`/api/tickets/${encodeURIComponent(id)}/link`, body),
  /** The open tickets a call is the same problem as; `search` from duplicateSearch. */
  duplicates: (search: string, signal?: AbortSignal) =>
    get<DuplicateDto[]>(`/api/tickets/duplicates?${search}`, signal),
  /** A device's latest alarms, active and cleared, newest first. */
  deviceAlarms: (id: string, limit: number, signal?: AbortSignal) =>
    get<AlarmDto[]>(
      `/api/alarms?${new URLSearchParams({ deviceId: id, limit: String(limit) }).toString()}`,
      signal,
    ),
  /** One device with its active alarms. */
  device: (id: string, signal?: AbortSignal) =>
    get<DeviceDetailDto>(`/api/devices/${encodeURIComponent(id)}`, signal),
  /** One metric's history between two ISO times (rollup buckets first, then raw points). */
  telemetry: (id: string, metric: string, from: string, to: string, signal?: AbortSignal) =>
    get<TelemetryDto>(
      `/api/devices/${encodeURIComponent(id)}/telemetry?${new URLSearchParams({ metric, from, to }).toString()}`,
      signal,
    ),
  /** Sends a command over MQTT (202); the device's answer arrives as the `command:ack` event. */
  command: (id: string, name: string, args: Record<string, unknown>) =>
    post<CommandSentDto>(`/api/devices/${encodeURIComponent(id)}/commands`, { name, args }),
  /** KPIs over the tickets created in [from, to] (ISO instants, both inclusive). */
  /** Today's figures (the server's default range: today in Asia/Shanghai, up to now). */
  statsToday: (signal?: AbortSignal) => get<StatsDto>('/api/stats', signal),
  stats: (from: string, to: string, signal?: AbortSignal) =>
    get<StatsDto>(`/api/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, signal),
  /** Incidents going on now: one root cause (a box's power alarm) and the dark devices it explains. */
  activeIncidents: (signal?: AbortSignal) => get<IncidentDto[]>('/api/incidents?active=true', signal),
  /** Active alarms without a ticket of their own, and why (held, silenced, grouped, restoring). */
  withheld: (signal?: AbortSignal) => get<WithheldAlarmDto[]>('/api/incidents/withheld', signal),
  /** Silences in force now. */
  silences: (signal?: AbortSignal) => get<SilenceDto[]>('/api/silences', signal),
  createSilence: (body: CreateSilenceBody) => post<SilenceDto>('/api/silences', body),
  /** Ends a silence now. */
  endSilence: (id: string) => del<SilenceDto | undefined>(`/api/silences/${encodeURIComponent(id)}`),
  /** What a silence would cover, before it is created. */
  previewSilence: (match: SilenceMatch, signal?: AbortSignal) =>
    request<SilencePreviewDto>('POST', '/api/silences/preview', {
      body: { match },
      ...(signal && { signal }),
    }),
};

// OpenAPI 3.1 document generated from the same zod schemas that validate requests and shape responses.
import { z } from 'zod';
import * as dto from '../contracts/dto';
import {
  IDEMPOTENCY_PARAM,
  IMAGE_CONTENT,
  idempotencyAnswers,
  uploadAnswers,
  uploadRequest,
} from './openapi-parts';
import { mapOps } from './openapi-map';
import { notifyOps } from './openapi-notify';
import { roadClosureOps } from './openapi-road-closures';
import { callerOps } from './openapi-callers';
import { handoverOps } from './openapi-handovers';
import { reportOps } from './openapi-reports';
import { integrationOps } from './openapi-integrations';
import { controlOps } from './openapi-control';
import { incidentOps } from './openapi-incidents';
import { trackOps } from './openapi-tracks';
import { routeOps } from './openapi-route';
import type { Method, Op } from './openapi-types';

const coreOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/health': {
    get: { summary: 'Liveness and readiness', roles: 'anyone', public: true, ok: { status: 200 } },
  },
  '/api/auth/login': {
    post: {
      summary: 'Log in (429 too_many_attempts or login_busy with Retry-After: see docs/security.md)',
      roles: 'anyone',
      public: true,
      body: dto.LoginBody,
      ok: { status: 200, schema: dto.LoginResponse },
    },
  },
  '/api/auth/session': {
    get: {
      summary: 'Who the token or session cookie logs in as; 200 with user null when nobody (no 401)',
      roles: 'anyone',
      public: true,
      ok: { status: 200, schema: dto.SessionResponse },
    },
  },
  '/api/users': {
    get: { summary: 'List users', roles: 'admin', ok: { status: 200, schema: z.array(dto.UserDto) } },
    post: {
      summary: 'Create a user',
      roles: 'admin',
      body: dto.CreateUserBody,
      ok: { status: 201, schema: dto.UserDto },
    },
  },
  '/api/users/{username}': {
    patch: {
      summary:
        'Disable or enable a user, change their role or van, reset their password (ends their logins); 409 for the last enabled admin',
      roles: 'admin',
      body: dto.UpdateUserBody,
      ok: { status: 200, schema: dto.UserDto },
    },
  },
  '/api/auth/password': {
    post: {
      summary: "Change one's own password (the current one proves it); the other logins end",
      roles: 'any',
      body: dto.ChangePasswordBody,
      ok: { status: 204 },
    },
  },
  '/api/devices': {
    get: {
      summary: 'List devices',
      roles: 'any',
      query: dto.DeviceQuery,
      ok: { status: 200, schema: z.array(dto.DeviceDto) },
    },
    post: {
      summary: 'Register a device; the MQTT secret is shown only here',
      roles: 'admin',
      body: dto.CreateDeviceBody,
      ok: { status: 201, schema: dto.DeviceCreatedDto },
    },
  },
  '/api/devices/import': {
    post: {
      summary:
        'Register many devices at once, all or nothing; the MQTT secrets are shown only here ' +
        '(CSV download by default, JSON when Accept prefers application/json)',
      roles: 'admin',
      body: dto.ImportDevicesBody,
      csv: {
        request:
          'a header row naming the columns id,type,name,compoundId,lat,lng,rating_a,poweredBy, then one device per row',
        response:
          'columns id,type,username,password,clientId, as the attachment redsail-device-credentials.csv',
      },
      badRequest: dto.ImportRejectedDto,
      ok: { status: 201, schema: dto.DevicesImportedDto },
    },
  },
  '/api/devices/{id}': {
    get: {
      summary: 'One device with its active alarms',
      roles: 'any',
      ok: { status: 200, schema: dto.DeviceDetailDto },
    },
    delete: {
      summary:
        'Decommission: connects refused, the connection dropped, active alarms cleared; history stays (409 if already)',
      roles: 'admin',
      ok: { status: 200, schema: dto.DeviceDto },
    },
  },
  '/api/devices/{id}/secret': {
    post: {
      summary: 'A new MQTT secret (shown once): the old one is refused and the live connection dropped',
      roles: 'admin',
      ok: { status: 200, schema: dto.DeviceSecretDto },
    },
  },
  '/api/devices/{id}/telemetry': {
    get: {
      summary: 'History of one metric',
      roles: 'any',
      query: dto.TelemetryQuery,
      ok: { status: 200, schema: dto.TelemetryDto },
    },
  },
  '/api/devices/{id}/commands': {
    post: {
      summary: 'Send a command the device type declares, with valid arguments, over MQTT',
      roles:
        'dispatcher; technician: only a safe (not disruptive) command to the device of an open ticket of their van (docs/technician.md)',
      body: dto.CommandBody,
      ok: { status: 202, schema: dto.CommandSentDto },
    },
  },
  '/api/compounds': {
    get: {
      summary: 'Compounds with outline and counts',
      roles: 'any',
      ok: { status: 200, schema: z.array(dto.CompoundDto) },
    },
    post: { summary: 'Create a compound', roles: 'admin', body: dto.CreateCompoundBody, ok: { status: 201 } },
  },
  '/api/sites': {
    get: {
      summary:
        'Red sail stations (红帆驿站) and the depot where the vans wait, ordered by id (beyond api.md)',
      roles: 'any',
      ok: { status: 200, schema: z.array(dto.SiteDto) },
    },
    post: {
      summary: 'Create a station or depot; 409 when the id exists, 400 when compoundId names no compound',
      roles: 'admin',
      body: dto.CreateSiteBody,
      ok: { status: 201, schema: dto.SiteDto },
      conflict: true,
    },
  },
  '/api/stats': {
    get: {
      summary: 'KPIs over the tickets created in [from, to] (default: today, Asia/Shanghai)',
      roles: 'dispatcher, viewer',
      query: dto.StatsQuery,
      ok: { status: 200, schema: dto.StatsDto },
    },
  },
  '/api/alarms': {
    get: {
      summary: 'List alarms',
      roles: 'any',
      query: dto.AlarmQuery,
      ok: { status: 200, schema: z.array(dto.AlarmDto) },
    },
  },
  '/api/alarms/{id}/ack': {
    post: { summary: 'Acknowledge an alarm', roles: 'dispatcher', ok: { status: 200, schema: dto.AlarmDto } },
  },
  '/api/tickets': {
    get: {
      summary: 'List tickets (technicians: their van’s)',
      roles: 'any',
      query: dto.TicketQuery,
      ok: { status: 200, schema: z.array(dto.TicketDto) },
    },
    post: {
      summary: 'Open a hotline ticket',
      roles: 'dispatcher',
      idempotent: true,
      body: dto.CreateTicketBody,
      ok: { status: 201, schema: dto.TicketDto },
    },
  },
  '/api/tickets/count': {
    get: {
      summary:
        'How many tickets the list filters (q, status, from, to, …) match in all (technicians: their van’s)',
      roles: 'any',
      query: dto.TicketCountQuery,
      ok: { status: 200, schema: dto.TicketCountDto },
    },
  },
  '/api/tickets/{id}': {
    get: {
      summary: 'One ticket with its timeline',
      roles: 'any',
      ok: { status: 200, schema: dto.TicketDetailDto },
    },
  },
  '/api/tickets/{id}/events': {
    post: {
      summary:
        'Advance the ticket lifecycle (resolve may report parts and labourMin; callback names the caller by phone, one callback per caller; dispatch to a busy van is 409 van_busy unless `preempt`, which sends its ticket back to the queue)',
      roles: 'dispatcher, technician',
      idempotent: true,
      body: dto.TicketEventBody,
      ok: { status: 200, schema: dto.TicketDto },
    },
  },
  ...callerOps,
  '/api/tickets/{id}/attachments': {
    post: {
      summary:
        'Attach a photo (before, after) or the signature: JPEG, PNG or WebP by its bytes, at most 10 MB',
      roles: 'dispatcher, technician (of the ticket’s van)',
      upload: dto.AttachmentFields,
      ok: { status: 201, schema: dto.AttachmentCreatedDto },
    },
  },
  '/api/attachments/{id}': {
    get: {
      summary: 'The bytes of an attachment (private cache, nosniff)',
      roles: 'any who may read its ticket',
      ok: { status: 200 },
      image: true,
    },
  },
  '/api/audit': {
    get: {
      summary: 'The audit trail, newest first; the next page: before=<X-Next-Before header> (limit ≤ 1000)',
      roles: 'admin',
      query: dto.AuditQuery,
      ok: { status: 200, schema: z.array(dto.AuditEntryDto) },
    },
  },
  '/api/audit.csv': {
    get: {
      summary: 'The audit trail as CSV (UTF-8 with BOM), same filter and paging as /api/audit',
      roles: 'admin',
      query: dto.AuditQuery,
      ok: { status: 200 },
    },
  },
  '/api/tickets.csv': {
    get: {
      summary:
        'Tickets created in [from, to] as CSV (UTF-8 with BOM), oldest first: times, van, parts and their cost, labour minutes, photo and signature links, callback; 400 over 50,000 rows',
      roles: 'dispatcher, viewer',
      query: dto.TicketExportQuery,
      ok: { status: 200 },
    },
  },
};
const ops = { ...coreOps, ...notifyOps, ...roadClosureOps, ...trackOps, ...mapOps, ...routeOps };
Object.assign(ops, handoverOps);
Object.assign(ops, reportOps);
Object.assign(ops, integrationOps);
Object.assign(ops, controlOps);
Object.assign(ops, incidentOps);

const json = (schema: z.ZodType, io: 'input' | 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});

export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const [path, methods] of Object.entries(ops)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(methods) as [Method, Op][]) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      }));
      for (const [name, schema] of Object.entries(op.query?.shape ?? {})) {
        params.push({
          name,
          in: 'query',
          required: false,
          schema: z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as never,
        });
      }
      if (op.idempotent) params.push(IDEMPOTENCY_PARAM);
      const error = { description: 'error', content: json(dto.ErrorSchema, 'output') };
      const csvText = (description: string) => ({ 'text/csv': { schema: { type: 'string', description } } });
      paths[path][method] = {
        summary: op.summary,
        description: `Roles: ${op.roles}`,
        ...(op.public ? { security: [] } : {}),
        ...(params.length ? { parameters: params } : {}),
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: { ...json(op.body, 'input'), ...(op.csv && csvText(op.csv.request)) },
              },
            }
          : {}),
        ...(op.upload && { requestBody: uploadRequest(op.upload) }),
        responses: {
          [op.ok.status]: {
            description: 'ok',
            ...(op.image && { content: IMAGE_CONTENT }),
            ...(op.ok.schema
              ? {
                  content: {
                    ...(op.csv && csvText(op.csv.response)),
                    ...json(op.ok.schema, 'output'),
                    ...(op.download && {
                      [op.download.type]: {
                        schema: { type: 'string', format: 'binary', description: op.download.description },
                      },
                    }),
                  },
                }
              : {}),
          },
          '400': op.badRequest
            ? { description: 'bad request', content: json(op.badRequest, 'output') }
            : error,
          ...(op.public ? {} : { '401': error, '403': error }),
          '404': error,
          ...(op.conflict && { '409': error }),
          ...(op.idempotent && idempotencyAnswers(error)),
          ...(op.upload && uploadAnswers(error)),
          // http/store-guard.ts: a change the store cannot record now (health says why).
          ...(method !== 'get' &&
            !op.public && {
              '503': { ...error, description: 'store_unavailable: the store cannot record changes now' },
            }),
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Redsail API', version: '1.0.0', description: 'Contract: api.md v1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

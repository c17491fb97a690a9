// The OpenAPI operations of the duty roster, notification channels and Web Push (api.md v1.1
// "Field work and notifications").
import { z } from 'zod';
import * as dto from '../contracts/dto';
import type { Method, Op } from './openapi-types';

export const notifyOps: Record<string, Partial<Record<Method, Op>>> = {
  '/api/duty/now': {
    get: {
      summary: 'Who is on duty now: the shift, its people, the supervisor (and manager) on call',
      roles: 'dispatcher, viewer',
      ok: { status: 200, schema: dto.DutyNowDto },
    },
  },
  '/api/duty/shifts': {
    get: {
      summary: 'The shifts (DUTY_SHIFTS, site time zone SITE_TZ)',
      roles: 'dispatcher, viewer',
      ok: { status: 200, schema: z.array(dto.DutyShiftDto) },
    },
  },
  '/api/duty/roster': {
    get: {
      summary: 'The roster of from–to (YYYY-MM-DD, at most 62 days; default this week, Monday to Sunday)',
      roles: 'dispatcher, viewer',
      query: dto.DutyRosterQuery,
      ok: { status: 200, schema: dto.DutyRosterDto },
    },
  },
  '/api/duty/roster/{date}/{shiftId}': {
    put: {
      summary: 'Set who works one day’s shift and the supervisor / manager on call (enabled users)',
      roles: 'admin',
      body: dto.PutDutyRosterBody,
      ok: { status: 200, schema: dto.DutyRosterEntryDto },
    },
    delete: {
      summary: 'Clear one day’s shift',
      roles: 'admin',
      ok: { status: 204 },
    },
  },
  '/api/notification-channels': {
    get: {
      summary: 'Notification channels (group robots, signed webhooks); secrets are never returned',
      roles: 'admin',
      ok: { status: 200, schema: z.array(dto.ChannelDto) },
    },
    post: {
      summary: 'Add a channel: webhook, dingtalk, wecom or feishu',
      roles: 'admin',
      body: dto.CreateChannelBody,
      ok: { status: 201, schema: dto.ChannelDto },
    },
  },
  '/api/notification-channels/{id}': {
    delete: { summary: 'Remove a channel and its delivery log', roles: 'admin', ok: { status: 204 } },
  },
  '/api/notification-channels/{id}/test': {
    post: {
      summary: 'Send a test message now (one attempt) and answer with the delivery',
      roles: 'admin',
      ok: { status: 200, schema: dto.DeliveryDto },
    },
  },
  '/api/notification-channels/{id}/deliveries': {
    get: {
      summary: 'The channel’s deliveries, newest first; the next page: before=<X-Next-Before header>',
      roles: 'admin',
      query: dto.DeliveryQuery,
      ok: { status: 200, schema: z.array(dto.DeliveryDto) },
    },
  },
  '/api/push/key': {
    get: {
      summary: 'The VAPID public key to subscribe with (applicationServerKey)',
      roles: 'any',
      ok: { status: 200, schema: dto.PushKeyDto },
    },
  },
  '/api/push/subscriptions': {
    post: {
      summary: "Subscribe this browser to the caller's pushes (https endpoint of a push service)",
      roles: 'any',
      body: dto.PushSubscriptionBody,
      ok: { status: 201, schema: dto.PushSubscriptionDto },
    },
    delete: {
      summary: 'Unsubscribe: 404 when the caller has no subscription with this endpoint',
      roles: 'any',
      body: dto.PushUnsubscribeBody,
      ok: { status: 204 },
    },
  },
};

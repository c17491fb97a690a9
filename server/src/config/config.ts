// One zod schema for every setting: env → typed config, with a clear message for bad values.
// Contract: api.md "Running" (names and defaults); the rest are Redsail extensions.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { passwordProblem } from '../auth/password-policy';
import { DEFAULT_SHIFTS, DEFAULT_SITE_TZ, overlappingShifts } from '../pipeline/duty';
import type { EscalationPolicy } from '../pipeline/escalation';
import { RoadsConfigShape } from './roads-config';
import { SweepConfigShape } from './sweep-config';

const port = (name: string, dflt: number) =>
  z.coerce
    .number({ error: `${name} must be a port number (0–65535; 0 = any free port)` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be 0–65535`)
    .max(65535, `${name} must be 0–65535`)
    .default(dflt);

/** A listener that is off unless its port is set. */
const optionalPort = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a port number (0–65535; 0 = any free port)` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be 0–65535`)
    .max(65535, `${name} must be 0–65535`)
    .optional();

const positive = (name: string, dflt: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .positive(`${name} must be greater than 0`)
    .default(dflt);

/** A whole number of things, at least 1. */
const count = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be greater than 0`);

/**
 * The repository: the nearest directory with a package.json above this module, whether it runs from
 * server/src/config or from the production build in dist/server.
 */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

/** Where `npm run build` puts the console: <repo>/console/dist. */
export const DEFAULT_CONSOLE_DIR = path.join(repoRoot(), 'console/dist');

export const ConfigSchema = z.object({
  PORT: port('PORT', 8080),
  MQTT_PORT: port('MQTT_PORT', 1883),
  /** TLS listeners (docs/tls.md), off unless set: MQTT over TLS, and the HTTP app over HTTPS. */
  MQTTS_PORT: optionalPort('MQTTS_PORT'),
  HTTPS_PORT: optionalPort('HTTPS_PORT'),
  /** PEM files of the TLS listeners: the certificate (its chain may follow), its key, and extra CA certificates. */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  TLS_CA_FILE: z.string().min(1).optional(),
  /** Address both listeners bind to. */
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL instead of the SQLite file in DATA_DIR (api.md "Running"). */
  DATABASE_URL: z
    .url({
      protocol: /^postgres(ql)?$/,
      error: 'DATABASE_URL must be a URL such as postgres://redsail@127.0.0.1:5432/redsail',
    })
    .optional(),
  REDIS_URL: z.url({ error: 'REDIS_URL must be a URL such as redis://127.0.0.1:6379' }).optional(),
  /** The key device secrets are HMAC-ed under (hex or base64, ≥ 32 bytes); required in cluster mode. */
  DEVICE_SECRET_KEY: z.string().optional(),
  /**
   * Cluster mode: the timekeeper lease's time to live — how long time-driven work (offline sweep, SLA,
   * dispatch, retention) may pause when the node doing it dies.
   */
  CLUSTER_LEASE_MS: z.coerce
    .number({ error: 'CLUSTER_LEASE_MS must be a number of milliseconds' })
    .int()
    .min(500, 'CLUSTER_LEASE_MS must be at least 500')
    .max(120_000, 'CLUSTER_LEASE_MS must be at most 120000')
    .default(10_000),
  /** This node's name in logs, /metrics and /api/health (api.md "Running"). */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'NODE_ID must be 1–64 letters, digits, dots, dashes or underscores')
    .default(`${os.hostname()}-${process.pid}`),
  /** The first admin's password: it must pass the password policy like every other. */
  REDSAIL_ADMIN_PASSWORD: z
    .string()
    .superRefine((p, ctx) => {
      const problem = passwordProblem(p, 'admin');
      if (problem) ctx.addIssue({ code: 'custom', message: `REDSAIL_ADMIN_PASSWORD is refused: ${problem}` });
    })
    .optional(),
  OFFLINE_AFTER_S: positive('OFFLINE_AFTER_S', 180),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Who may read /metrics: `loopback` (default) or `any`. */
  METRICS_ACCESS: z.enum(['loopback', 'any']).default('loopback'),
  /** A Bearer token that /metrics requires (then from any address, whatever METRICS_ACCESS says). */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** JSON file of rule overrides per device type (see CONTRIBUTING.md). */
  RULES_FILE: z.string().min(1).optional(),
  /** Raw telemetry kept this long, then folded into rollups. */
  TELEMETRY_RAW_HOURS: positive('TELEMETRY_RAW_HOURS', 48),
  TELEMETRY_ROLLUP_DAYS: positive('TELEMETRY_ROLLUP_DAYS', 400),
  TELEMETRY_BUCKET_MIN: positive('TELEMETRY_BUCKET_MIN', 15),
  /** Per-device rate limit at the MQTT edge: sustained messages per second, and the burst allowed. */
  DEVICE_RATE_PER_S: positive('DEVICE_RATE_PER_S', 20),
  DEVICE_BURST: z.coerce
    .number({ error: 'DEVICE_BURST must be a number' })
    .int('DEVICE_BURST must be a whole number')
    .min(1, 'DEVICE_BURST must be at least 1')
    .default(100),
  /** Global admission: messages from busy connections applied per event-loop turn (broker/admission.ts). */
  ADMISSION_TURN_BUDGET: positive('ADMISSION_TURN_BUDGET', 2000),
  /** While saturated, a read of at least this many KiB is caught up by merging its readings (0: never; broker/catch-up.ts). */
  ADMISSION_CATCH_UP_KB: z.coerce
    .number({ error: 'ADMISSION_CATCH_UP_KB must be a number' })
    .int('ADMISSION_CATCH_UP_KB must be a whole number')
    .min(0, 'ADMISSION_CATCH_UP_KB must be 0 (off) or more')
    .default(16),
  /** Group-commit window for hot-path writes. */
  COMMIT_INTERVAL_MS: positive('COMMIT_INTERVAL_MS', 25),
  /** Telemetry points the write queue holds while the store is behind or failing; beyond, the oldest are shed. */
  STORE_QUEUE_TELEMETRY: z.coerce
    .number({ error: 'STORE_QUEUE_TELEMETRY must be a number' })
    .int('STORE_QUEUE_TELEMETRY must be a whole number')
    .min(100, 'STORE_QUEUE_TELEMETRY must be at least 100')
    .max(10_000_000, 'STORE_QUEUE_TELEMETRY must be at most 10000000')
    .default(200_000),
  SESSION_HOURS: positive('SESSION_HOURS', 12),
  /** Human-login password hashes run at once (of libuv's 4 threads), and how many more may wait (then 429). */
  LOGIN_HASH_CONCURRENCY: positive('LOGIN_HASH_CONCURRENCY', 2).pipe(
    z.number().int('LOGIN_HASH_CONCURRENCY must be a whole number'),
  ),
  LOGIN_HASH_QUEUE: positive('LOGIN_HASH_QUEUE', 32).pipe(
    z.number().int('LOGIN_HASH_QUEUE must be a whole number'),
  ),
  /** A technician's login is shorter: a phone left in a van should not stay signed in all night. */
  TECH_SESSION_HOURS: positive('TECH_SESSION_HOURS', 8),
  /** Tickets go to the nearest idle van on their own; `false` leaves every dispatch to people. */
  AUTO_DISPATCH: z
    .enum(['true', 'false'], { error: 'AUTO_DISPATCH must be true or false' })
    .default('true')
    .transform((v) => v === 'true'),
  /** Average van speed through the old town, for ETAs from great-circle distance. */
  URBAN_SPEED_KMH: positive('URBAN_SPEED_KMH', 20),
  /** A van this close to its ticket's location has arrived. */
  ARRIVE_RADIUS_M: positive('ARRIVE_RADIUS_M', 50),
  /** SLA minutes per priority, overriding api.md's defaults, e.g. {"P1":{"respond":20,"resolve":180}}. */
  SLA_MINUTES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      try {
        return SlaMinutesSchema.parse(JSON.parse(v));
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'SLA_MINUTES must be JSON like {"P1":{"respond":30,"resolve":240}}',
        });
        return z.NEVER;
      }
    }),
  /** Hours after resolve within which the resident is called back. */
  CALLBACK_DUE_HOURS: positive('CALLBACK_DUE_HOURS', 24),
  /** The built console served at `/` (index.html and assets/); without a build, the API alone. */
  CONSOLE_DIR: z.string().min(1).default(DEFAULT_CONSOLE_DIR),
  /** Incidents (api.md v1.1): a downstream alarm waits this long for a cause before it opens a ticket. */
  INCIDENT_HOLD_S: positive('INCIDENT_HOLD_S', 30),
  /** After a cause clears, downstream alarms still active this long get tickets of their own. */
  INCIDENT_RESTORE_GRACE_S: positive('INCIDENT_RESTORE_GRACE_S', 300),
  /** Flapping: the FLAP_COUNT-th raise of one device and rule within FLAP_WINDOW_S; clears after FLAP_QUIET_S healthy. */
  FLAP_COUNT: positive('FLAP_COUNT', 5),
  FLAP_WINDOW_S: positive('FLAP_WINDOW_S', 600),
  FLAP_QUIET_S: positive('FLAP_QUIET_S', 600),
  /**
   * Express `trust proxy`: `false` (default: the socket's peer is the client), `true`, a hop count or a
   * comma-separated list of addresses/CIDRs. Behind a TLS proxy this makes `X-Forwarded-Proto: https`
   * count, so the session cookie gets `Secure`.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string[] => {
      if (v === 'true' || v === 'false') return v === 'true';
      if (/^\d+$/.test(v)) return Number(v);
      return v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
    }),
  /** The console's own origin as browsers see it behind a proxy (e.g. https://redsail.example.cn); default: the request's host. */
  PUBLIC_ORIGIN: z
    .url({
      protocol: /^https?$/,
      error: 'PUBLIC_ORIGIN must be an origin such as https://redsail.example.cn',
    })
    .transform((v) => new URL(v).origin)
    .optional(),
  /** Extra image sources for the console's CSP (space-separated), beyond the tile host of TILE_URL (added by itself). */
  CSP_IMG_SRC: z
    .string()
    .default('')
    .transform((v) => v.split(/\s+/).filter(Boolean)),
  /** Open HTTP connections allowed from one address (HTTP API, console, Socket.IO and MQTT over WebSocket). */
  HTTP_MAX_CONN_PER_ADDR: positive('HTTP_MAX_CONN_PER_ADDR', 256),
  /** A request must send its headers within this, and finish (body included) within the next. */
  HTTP_HEADERS_TIMEOUT_MS: positive('HTTP_HEADERS_TIMEOUT_MS', 10_000),
  HTTP_REQUEST_TIMEOUT_MS: positive('HTTP_REQUEST_TIMEOUT_MS', 60_000),
  /** Open HTTP connections in all; default from the open-file limit (broker/fd-budget.ts). */
  HTTP_MAX_CONNECTIONS: count('HTTP_MAX_CONNECTIONS').optional(),
  /** Open MQTT connections (TCP and WebSocket) in all, and from one address; inbound QoS-2 per client. */
  MQTT_MAX_CONNECTIONS: count('MQTT_MAX_CONNECTIONS').optional(),
  MQTT_MAX_CONN_PER_ADDR: count('MQTT_MAX_CONN_PER_ADDR').default(2_000),
  MQTT_QOS2_MAX_PACKETS: count('MQTT_QOS2_MAX_PACKETS').default(32),
  MQTT_QOS2_MAX_BYTES: count('MQTT_QOS2_MAX_BYTES').default(64 * 1024),
  /** Live Socket.IO connections per user and per address. */
  SOCKETS_PER_USER: positive('SOCKETS_PER_USER', 20),
  SOCKETS_PER_ADDR: positive('SOCKETS_PER_ADDR', 100),
  /** Longest silence, in hours. */
  SILENCE_MAX_H: positive('SILENCE_MAX_H', 24),
  /** A fault returning this soon after its ticket closed reopens that ticket. */
  REPEAT_WINDOW_H: positive('REPEAT_WINDOW_H', 72),
  /** Escalation (api.md v1.1): seconds a ticket may wait for acceptance before level 1 (level 2 at twice); 0 = never. */
  ESCALATE_P1_S: escalateAfter('ESCALATE_P1_S').default(300),
  ESCALATE_P2_S: escalateAfter('ESCALATE_P2_S').default(900),
  /** P3 and P4 escalate only when set. */
  ESCALATE_P3_S: escalateAfter('ESCALATE_P3_S').optional(),
  ESCALATE_P4_S: escalateAfter('ESCALATE_P4_S').optional(),
  /** The site's time zone (IANA): the duty roster's days and shifts are in it. */
  SITE_TZ: z
    .string()
    .refine(isTimeZone, 'SITE_TZ must be an IANA time zone such as Asia/Shanghai')
    .default(DEFAULT_SITE_TZ),
  /** The company named in the monthly report's header (api.md v1.1 "Reports, intake and handover"). */
  ORG_NAME: z.string().trim().min(1, 'ORG_NAME must not be empty').max(100).default('鲁建惠诚物业'),
  /** The duty shifts, JSON: [{"id":"day","label":{"zh":"白班","en":"Day"},"start":"08:00","end":"20:00"}, …]. */
  DUTY_SHIFTS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return [...DEFAULT_SHIFTS];
      let json: unknown;
      try {
        json = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'DUTY_SHIFTS must be JSON (a list of shifts)' });
        return z.NEVER;
      }
      const parsed = ShiftsSchema.safeParse(json);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        ctx.addIssue({
          code: 'custom',
          message: `DUTY_SHIFTS: ${i?.path.join('.') ?? ''} ${i?.message ?? ''}`.trim(),
        });
        return z.NEVER;
      }
      return parsed.data;
    }),
  /** Notification channels: attempts per message (the first included), on network errors and 5xx. */
  NOTIFY_ATTEMPTS: count('NOTIFY_ATTEMPTS').max(10, 'NOTIFY_ATTEMPTS must be 10 or less').default(4),
  /** The wait before the first retry; each later one doubles. */
  NOTIFY_RETRY_BASE_MS: positive('NOTIFY_RETRY_BASE_MS', 2000),
  /** One attempt's time limit. */
  NOTIFY_TIMEOUT_MS: positive('NOTIFY_TIMEOUT_MS', 5000),
  /** Messages queued or retrying at most; beyond it a message is logged as not sent. */
  NOTIFY_QUEUE: count('NOTIFY_QUEUE').default(1000),
  /** Web Push: whom push services may contact about this server's pushes (VAPID `sub`): mailto: or https:. */
  VAPID_SUBJECT: z
    .string()
    .default('mailto:ops@redsail.invalid')
    .refine((v) => /^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s/]+\S*)$/.test(v), {
      message: 'VAPID_SUBJECT must be a mailto: address or an https: URL',
    }),
  /** Tests only: also accept push endpoints over plain http on a loopback address (a local fake push service). */
  PUSH_ALLOW_HTTP_LOOPBACK: z
    .enum(['true', 'false'], { error: 'PUSH_ALLOW_HTTP_LOOPBACK must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  ...RoadsConfigShape,
  ...SweepConfigShape,
});

function escalateAfter(name: string) {
  return z.coerce
    .number({ error: `${name} must be a number of seconds` })
    .int(`${name} must be a whole number of seconds`)
    .min(0, `${name} must be 0 (never) or more seconds`);
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00–23:59)');
const ShiftsSchema = z
  .array(
    z
      .object({
        id: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be lower-case letters, digits, - or _'),
        label: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
        start: HHMM,
        end: HHMM,
      })
      .strict(),
  )
  .min(1, 'needs at least one shift')
  .max(6, 'at most 6 shifts')
  .superRefine((shifts, ctx) => {
    const ids = shifts.map((s) => s.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup !== undefined) ctx.addIssue({ code: 'custom', message: `shift id ${dup} is given twice` });
    const both = overlappingShifts(shifts);
    if (both) ctx.addIssue({ code: 'custom', message: `shifts ${both[0]} and ${both[1]} overlap` });
  });

const SlaEntry = z.object({ respond: z.number().positive(), resolve: z.number().positive() }).strict();
const SlaMinutesSchema = z
  .object({
    P1: SlaEntry.optional(),
    P2: SlaEntry.optional(),
    P3: SlaEntry.optional(),
    P4: SlaEntry.optional(),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;

/** ESCALATE_P*_S as the escalation decision reads it: priorities that escalate, and after how many seconds. */
export function escalationPolicy(c: Config): EscalationPolicy {
  const given = { P1: c.ESCALATE_P1_S, P2: c.ESCALATE_P2_S, P3: c.ESCALATE_P3_S, P4: c.ESCALATE_P4_S };
  return Object.fromEntries(Object.entries(given).filter(([, s]) => s !== undefined && s > 0));
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads settings from an env-like object; unknown variables are ignored, empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    ...parsed.data,
    DATA_DIR: path.resolve(parsed.data.DATA_DIR),
    CONSOLE_DIR: path.resolve(parsed.data.CONSOLE_DIR),
  };
}

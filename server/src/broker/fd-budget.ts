// How the process's file descriptors are shared between HTTP and MQTT connections, so neither side can
// exhaust them for the other: with 20,000 half-open HTTP requests the process used to run out of
// descriptors and then refuse devices too. The limit is the soft RLIMIT_NOFILE (Node raises it to the
// hard limit at start), read from /proc/self/limits; FD_RESERVED descriptors are kept for the store,
// its WAL, PostgreSQL and Redis connections, logs and DNS. By default HTTP (console, API, Socket.IO
// and MQTT over WebSocket) gets a quarter of the rest, between 32 and 10,000 connections, and MQTT
// over TCP what is left; either can be set, and settings that together overrun the limit are refused.
import { readFileSync } from 'node:fs';

export const FD_RESERVED = 256;
const HTTP_SHARE = 0.25;
const HTTP_MIN = 32;
const HTTP_MAX = 10_000;
const MQTT_MIN = 32;
const MQTT_MAX = 100_000;

/** The soft limit on open files, or undefined where it cannot be read (not Linux, or unlimited). */
export function openFileLimit(limits = '/proc/self/limits'): number | undefined {
  try {
    const line = readFileSync(limits, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    const n = Number(soft);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

export interface ConnectionBudget {
  http: number;
  mqtt: number;
}

export class BudgetError extends Error {}

/** The connection caps for `fdLimit`; explicit values win, but together they must fit. */
export function connectionBudget(
  fdLimit: number | undefined,
  set: { http?: number | undefined; mqtt?: number | undefined } = {},
): ConnectionBudget {
  if (fdLimit === undefined) return { http: set.http ?? HTTP_MAX, mqtt: set.mqtt ?? MQTT_MAX };
  const room = Math.max(0, fdLimit - FD_RESERVED);
  const http = set.http ?? Math.min(HTTP_MAX, Math.max(HTTP_MIN, Math.floor(room * HTTP_SHARE)));
  const mqtt = set.mqtt ?? Math.min(MQTT_MAX, Math.max(MQTT_MIN, room - http));
  // Defaults always fit (by their minimums at worst); values set by hand must.
  if ((set.http !== undefined || set.mqtt !== undefined) && http + mqtt > room) {
    const named = [
      set.http !== undefined && 'HTTP_MAX_CONNECTIONS',
      set.mqtt !== undefined && 'MQTT_MAX_CONNECTIONS',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new BudgetError(
      `${named || 'the connection caps'} (${http} HTTP + ${mqtt} MQTT) need more than the ${room} file descriptors ` +
        `left of the process's limit of ${fdLimit} (ulimit -n) after ${FD_RESERVED} kept for the store and logs: ` +
        `lower ${named || 'them'} or raise the limit`,
    );
  }
  return { http, mqtt };
}

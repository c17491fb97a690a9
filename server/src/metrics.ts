// Prometheus metrics: one registry per server instance (tests run several servers in one process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UplinkKind } from './contracts/topics';

export type RejectReason =
  | 'not_json'
  | 'not_object'
  | 'too_large'
  | 'wrong_type'
  | 'out_of_range'
  | 'future_ts'
  | 'bad_status'
  | 'bad_event'
  | 'bad_ack';

/**
 * A counter with one label for the per-message path: an addition to a plain number per event, folded
 * into the prom-client counter when /metrics is scraped (no label hashing per message).
 */
export class Tally<V extends string> {
  private readonly pending = new Map<V, number>();

  constructor(registry: Registry, cfg: { name: string; help: string; label: string }) {
    const pending = this.pending;
    new Counter({
      name: cfg.name,
      help: cfg.help,
      labelNames: [cfg.label],
      registers: [registry],
      collect() {
        for (const [value, n] of pending) this.inc({ [cfg.label]: value }, n);
        pending.clear();
      },
    });
  }

  inc(value: V, n = 1): void {
    this.pending.set(value, (this.pending.get(value) ?? 0) + n);
  }
}

export function createMetrics(node?: string) {
  const registry = new Registry();
  if (node !== undefined) registry.setDefaultLabels({ node });
  collectDefaultMetrics({ register: registry, prefix: 'redsail_', eventLoopMonitoringPrecision: 10 });
  const m = {
    registry,
    received: new Tally<UplinkKind>(registry, {
      name: 'redsail_mqtt_messages_received_total',
      help: 'Device messages received, by topic kind',
      label: 'kind',
    }),
    rejected: new Counter({
      name: 'redsail_mqtt_messages_rejected_total',
      help: 'Device messages rejected whole, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    edgeShed: new Tally<'device_rate' | 'admission'>(registry, {
      name: 'redsail_mqtt_messages_shed_total',
      help: 'Device messages dropped at the edge before any parsing, by reason (device_rate: over the per-device limit; admission: QoS-0 telemetry merged into a later reading while catching up a connection far behind)',
      label: 'reason',
    }),
    held: new Tally<'admission'>(registry, {
      name: 'redsail_mqtt_messages_held_total',
      help: 'Device messages that waited, applied later in order, by reason (admission: over the global budget)',
      label: 'reason',
    }),
    unknownKeys: new Counter({
      name: 'redsail_mqtt_unknown_keys_total',
      help: 'Telemetry keys ignored because the device type does not define them',
      registers: [registry],
    }),
    denied: new Counter({
      name: 'redsail_mqtt_acl_denied_total',
      help: 'Publishes and subscribes refused by the ACL',
      labelNames: ['action'] as const,
      registers: [registry],
    }),
    protocolErrors: new Counter({
      name: 'redsail_mqtt_protocol_errors_total',
      help: 'MQTT connections ended by an error: a malformed packet, a protocol violation or a transport error',
      registers: [registry],
    }),
    authFailed: new Counter({
      name: 'redsail_mqtt_auth_failed_total',
      help: 'MQTT connections refused at CONNECT',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    loginHashes: new Counter({
      name: 'redsail_login_hashes_total',
      help: 'Password hashes run for human logins, by scrypt parameters (N/r/p; unknown users run the same)',
      labelNames: ['params'] as const,
      registers: [registry],
    }),
    loginRefused: new Counter({
      name: 'redsail_login_refused_total',
      help: 'Human logins refused, by reason (wrong_credentials, throttled: back-off, busy: hash queue full)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    connected: new Gauge({
      name: 'redsail_devices_connected',
      help: 'Devices connected to the broker now',
      registers: [registry],
    }),
    alarmsRaised: new Counter({
      name: 'redsail_alarms_raised_total',
      help: 'Alarms raised',
      labelNames: ['rule', 'severity'] as const,
      registers: [registry],
    }),
    alarmsCleared: new Counter({
      name: 'redsail_alarms_cleared_total',
      help: 'Alarms cleared',
      labelNames: ['rule'] as const,
      registers: [registry],
    }),
    ticketsOpened: new Counter({
      name: 'redsail_tickets_opened_total',
      help: 'Tickets opened',
      labelNames: ['source', 'priority'] as const,
      registers: [registry],
    }),
    commitSeconds: new Histogram({
      name: 'redsail_store_commit_seconds',
      help: 'Latency of one group commit to the store',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    durableAckSeconds: new Histogram({
      name: 'redsail_mqtt_durable_ack_delay_seconds',
      help: 'Extra delay of a QoS-1 PUBACK held until the alarm or ticket change its device sent was committed',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
    commitRows: new Counter({
      name: 'redsail_store_rows_written_total',
      help: 'Rows written by group commits, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    commitRejected: new Counter({
      name: 'redsail_store_rows_rejected_total',
      help: 'Alarm and ticket rows a commit left out because another row holds their claim (a race between nodes)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    commitFailed: new Counter({
      name: 'redsail_store_commit_failures_total',
      help: 'Group commits that failed and were queued again, by fault (full, read-only, unavailable, failed)',
      labelNames: ['fault'] as const,
      registers: [registry],
    }),
    storeFaulted: new Gauge({
      name: 'redsail_store_faulted',
      help: '1 while the last group commit failed (writes are queued and retried), by fault',
      labelNames: ['fault'] as const,
      registers: [registry],
    }),
    shed: new Counter({
      name: 'redsail_telemetry_shed_total',
      help: 'Telemetry history points dropped because the store fell behind (state and alarms are kept)',
      registers: [registry],
    }),
    slaBreaches: new Counter({
      name: 'redsail_sla_breaches_total',
      help: 'Ticket deadlines missed, by deadline (respond, resolve, callback) and priority',
      labelNames: ['deadline', 'priority'] as const,
      registers: [registry],
    }),
    escalations: new Counter({
      name: 'redsail_escalations_total',
      help: 'Tickets not accepted in time that went up a level, by level and priority',
      labelNames: ['level', 'priority'] as const,
      registers: [registry],
    }),
    dispatches: new Counter({
      name: 'redsail_dispatches_total',
      help: 'Tickets dispatched to a van, by who decided (auto or a person)',
      labelNames: ['by'] as const,
      registers: [registry],
    }),
    commandsSent: new Counter({
      name: 'redsail_commands_sent_total',
      help: 'Commands sent to devices',
      registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;

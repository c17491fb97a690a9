// Shared types of the device simulator: the fleet's input, the fault plan, progress and summary.
import type { MetricValue } from '../../devices/lib/types';
import type { RuleOverrides } from '../../devices/index';
import type { Scenario } from './scenario';

export type Reading = Record<string, MetricValue>;

/** One simulated device. Extra fields (e.g. a demo data set's name, lat, lng) are ignored. */
export interface FleetDevice {
  id: string;
  type: string;
  /** The device's MQTT secret, issued when it was registered. */
  password: string;
  /** This device's broker, when not the fleet's `mqttUrl` (devices spread over a cluster's nodes). */
  mqttUrl?: string;
  compoundId?: string;
  /** Distribution boxes: ids of the streetlights and cameras this box powers. */
  feeds?: string[];
  /** Distribution boxes: breaker rating (A) as registered; the load curve stays well below it. */
  rating_a?: number;
}

/** How a device goes offline: its connection drops (the last will fires) or it says so on `status`. */
export type OfflineMode = 'drop' | 'status';

/** One step of the fault plan, at simulated seconds from the start of the scenario. */
export interface FaultAction {
  atS: number;
  /** Index of the scenario step that planned it (a power cut's fed devices: the cut's step). */
  step: number;
  deviceId: string;
  /** A rule of the device's type, or `offline`. */
  rule: string;
  action: 'inject' | 'restore';
  /** Inject of a metric fault: the metrics laid over the device's normal reading while it is held. */
  reading?: Reading;
  /** Other rules the fault reading raises too (an overheat is also an over-temperature). */
  also?: string[];
  /** Offline faults: how the device goes offline. */
  offline?: OfflineMode;
  /** Offline faults caused by a power cut: the id of the box that feeds the device. */
  cause?: string;
}

export interface Summary {
  /** Devices that connected at least once. */
  devicesConnected: number;
  /** Devices the broker refused (wrong credentials) or that never reached it. */
  devicesFailed: number;
  /** Publishes acknowledged by the broker (PUBACK). */
  messagesSent: number;
  /**
   * Alarms that should have been raised, per rule, by the plan's faults as applied — `offline`
   * counts the devices that lost power (a box's power cut) or their connection (an outage).
   */
  injected: Record<string, number>;
  /** Alarms that should clear again: injected faults restored (including devices back online). */
  restored: number;
  /** Connections that dropped without the plan asking (the devices reconnected with backoff). */
  connectionsLost: number;
  /** Commands from the server answered (commands/ack). */
  commandsAnswered: number;
}

export interface Progress extends Summary {
  /** Simulated seconds since the scenario started. */
  simS: number;
  /** The simulated wall-clock time (ISO 8601). */
  simTime: string;
  /** Devices connected right now. */
  online: number;
  devices: number;
  /** Plan actions applied so far, and in all. */
  applied: number;
  planned: number;
}

export interface FleetOptions {
  mqttUrl: string;
  devices: readonly FleetDevice[];
  scenario: Scenario;
  seed: number;
  /** Telemetry period per device in simulated seconds (jittered ±20%). Default 60. */
  intervalS?: number;
  /** Simulated seconds per real second. Default 1. */
  timeScale?: number;
  /** Cap on publishes per real second across the fleet (token bucket). Default: none. */
  rate?: number;
  /** The server's RULES_FILE overrides, if any: holds follow the effective `forS` of each rule. */
  rules?: RuleOverrides;
  /** The server's INCIDENT_HOLD_S (real seconds): fed devices' faults are held that much longer. Default 0. */
  incidentHoldS?: number;
  /** Simulated seconds after which no fault is planned to end; default the scenario's `durationS`. */
  untilS?: number;
  onProgress?: (p: Progress) => void;
  /** Real milliseconds between onProgress calls. Default 1000. */
  progressMs?: number;
}

export interface Fleet {
  plan: FaultAction[];
  /** The plan's actions applied so far that took effect (a device that was not connected took none). */
  played(): FaultAction[];
  /** Faults the scenario asks for that were not planned: no free device, or they would end too late. */
  skipped: number;
  /** Resolves when the scenario's last step has been applied (or the fleet was stopped). */
  done: Promise<Summary>;
  summary(): Summary;
  /** Devices the broker refused, with the reason (they are not retried). */
  failures: ReadonlyMap<string, string>;
  /** Disconnects every device cleanly (DISCONNECT: no last will) and stops the clock. */
  stop(): Promise<void>;
}

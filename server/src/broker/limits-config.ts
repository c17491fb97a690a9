// The broker's and the HTTP listener's connection limits from the config: the caps set by hand, or
// derived from the open-file limit (fd-budget.ts) so HTTP cannot take the descriptors devices need.
import { ConfigError, type Config } from '../config/config';
import { BudgetError, connectionBudget, openFileLimit } from './fd-budget';
import type { BrokerLimits } from './guards';
import { ENTRY_OVERHEAD_BYTES } from './incoming-bound';

export interface ConnectionLimits {
  broker: BrokerLimits;
  /** Open HTTP connections in all (the listener closes more at once). */
  httpMaxConnections: number;
}

export function connectionLimits(config: Config, fdLimit = openFileLimit()): ConnectionLimits {
  if (config.MQTT_QOS2_MAX_BYTES < ENTRY_OVERHEAD_BYTES) {
    throw new ConfigError(
      `Invalid configuration:\n  MQTT_QOS2_MAX_BYTES must be at least ${ENTRY_OVERHEAD_BYTES} (one held packet)`,
    );
  }
  let budget;
  try {
    budget = connectionBudget(fdLimit, {
      http: config.HTTP_MAX_CONNECTIONS,
      mqtt: config.MQTT_MAX_CONNECTIONS,
    });
  } catch (err) {
    if (err instanceof BudgetError) throw new ConfigError(`Invalid configuration:\n  ${err.message}`);
    throw err;
  }
  return {
    broker: {
      maxConnections: budget.mqtt,
      maxConnPerAddress: Math.min(config.MQTT_MAX_CONN_PER_ADDR, budget.mqtt),
      qos2MaxPackets: config.MQTT_QOS2_MAX_PACKETS,
      qos2MaxBytes: config.MQTT_QOS2_MAX_BYTES,
    },
    httpMaxConnections: budget.http,
  };
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config';
import { connectionLimits } from './limits-config';

describe('connectionLimits', () => {
  it('derives both caps from the open-file limit, and takes the per-address and QoS-2 settings', () => {
    const l = connectionLimits(
      loadConfig({ MQTT_MAX_CONN_PER_ADDR: '50', MQTT_QOS2_MAX_PACKETS: '8' }),
      1024,
    );
    expect(l).toEqual({
      broker: { maxConnections: 576, maxConnPerAddress: 50, qos2MaxPackets: 8, qos2MaxBytes: 65_536 },
      httpMaxConnections: 192,
    });
  });

  it('refuses caps that overrun the open-file limit, and bad values, naming the variable', () => {
    expect(() => connectionLimits(loadConfig({ MQTT_MAX_CONNECTIONS: '5000' }), 1024)).toThrow(
      /MQTT_MAX_CONNECTIONS/,
    );
    expect(() => connectionLimits(loadConfig({ MQTT_QOS2_MAX_BYTES: '10' }), 1024)).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_MAX_CONNECTIONS: '1.5' })).toThrow(
      /HTTP_MAX_CONNECTIONS must be a whole number/,
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});

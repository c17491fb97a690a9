// One MQTT connection of a device, as the protocol asks (device-protocol.md "Connection"):
// username = client id = device id, password = its secret, a last will `offline` retained at QoS 1
// on its status topic. Reconnecting is the caller's (exponential backoff with jitter), not mqtt.js'.
import mqtt, { type MqttClient } from 'mqtt';

export const deviceTopic = (id: string, kind: string): string => `redsail/v1/devices/${id}/${kind}`;

/** The broker refused the credentials (3.1.1 CONNACK 4 or 5; v5 0x86 or 0x87): retrying will not help. */
export function isRefusal(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 4 || code === 5 || code === 0x86 || code === 0x87;
}

export interface Connection {
  client: MqttClient;
  /** Resolves on CONNACK; rejects when refused, unreachable or closed before it. */
  ready: Promise<void>;
}

export function openConnection(
  mqttUrl: string,
  id: string,
  password: string,
  on: { connect(c: MqttClient): void; close(c: MqttClient): void },
): Connection {
  const client = mqtt.connect(mqttUrl, {
    clientId: id,
    username: id,
    password,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    keepalive: 60,
    will: { topic: deviceTopic(id, 'status'), payload: Buffer.from('offline'), qos: 1, retain: true },
  });
  const ready = new Promise<void>((resolve, reject) => {
    let settled = false;
    client.once('connect', () => {
      settled = true;
      on.connect(client);
      resolve();
    });
    client.on('error', (err) => {
      if (settled) return; // later errors end in 'close'
      settled = true;
      client.end(true);
      reject(err);
    });
    client.on('close', () => {
      if (!settled) {
        settled = true;
        reject(new Error(`connection to ${mqttUrl} closed before CONNACK`));
      }
      on.close(client);
    });
  });
  return { client, ready };
}

// Registers devices over the API and connects them as real MQTT clients (mqtt.js).
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { TestServer } from './server';

export interface Creds {
  id: string;
  username: string;
  password: string;
}

export async function registerDevice(
  s: TestServer,
  body: { id: string; type: string; [k: string]: unknown },
): Promise<Creds> {
  const res = await s.api.post<{ mqtt: { username: string; password: string } }>(
    '/api/devices',
    body,
    s.admin,
  );
  if (res.status !== 201) throw new Error(`register ${body.id}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: body.id, ...res.body.mqtt };
}

export function topic(id: string, kind: string): string {
  return `redsail/v1/devices/${id}/${kind}`;
}

/** Connects as the device (username = id, password = secret, client id = id), with an offline last will. */
export async function connectDevice(
  s: TestServer,
  creds: Creds,
  opts: IClientOptions = {},
): Promise<MqttClient> {
  return mqtt.connectAsync(s.mqttUrl, {
    clientId: creds.id,
    username: creds.username,
    password: creds.password,
    reconnectPeriod: 0,
    will: { topic: topic(creds.id, 'status'), payload: Buffer.from('offline'), qos: 1, retain: true },
    ...opts,
  });
}

/** Publishes at QoS 1 and resolves on PUBACK — by then the server has processed the message. */
export async function publish(
  client: MqttClient,
  id: string,
  kind: string,
  payload: string | Buffer | object,
): Promise<void> {
  const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  await client.publishAsync(topic(id, kind), body, { qos: 1 });
}

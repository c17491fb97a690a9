// Vans for tests: registered over the API, driven over real MQTT.
import type { MqttClient } from 'mqtt';
import { connectDevice, publish, type Creds } from './devices';
import type { TestServer } from './server';

export interface TestVan {
  id: string;
  creds: Creds;
  client: MqttClient;
  /** Publishes a GPS fix (QoS 1; resolves once the server has processed it). */
  at(lat: number, lng: number, extra?: Record<string, number>): Promise<void>;
}

export async function addVan(
  s: TestServer,
  id: string,
  name: string,
  lat: number,
  lng: number,
): Promise<TestVan> {
  const res = await s.api.post<{ mqtt: { username: string; password: string } }>(
    '/api/vans',
    { id, name },
    s.admin,
  );
  if (res.status !== 201) throw new Error(`register van ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  const creds = { id, ...res.body.mqtt };
  const client = await connectDevice(s, creds);
  const van: TestVan = {
    id,
    creds,
    client,
    at: (la, ln, extra = {}) =>
      publish(client, id, 'telemetry', { lat: la, lng: ln, speed_kmh: 0, heading: 0, ...extra }),
  };
  await van.at(lat, lng);
  return van;
}

/** Metres → degrees of latitude (for placing points at a known distance north). */
export const metresNorth = (m: number) => m / 111_195;

// One valid secret, or one host, cannot take the broker down: the inbound QoS-2 store is bounded per
// client, denials cost the rate budget, a device has one live connection, connections are capped per
// address and in total (HTTP too, leaving room for devices), and /metrics can require a token.
import net from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectDevice, registerDevice, topic, type Creds } from '../helpers/devices';
import { metricValue } from '../helpers/metrics';
import { startServer, type TestServer } from '../helpers/server';

/** A raw MQTT 3.1.1 client on a socket: sends packets, collects what the broker answers. */
class RawClient {
  readonly packets: Packet[] = [];
  readonly closed: Promise<void>;
  private readonly waiters: (() => void)[] = [];
  private constructor(readonly socket: net.Socket) {
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (p: Packet) => {
      this.packets.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('data', (d: Buffer) => parser.parse(d));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async open(port: number): Promise<RawClient> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return new RawClient(socket);
  }

  send(p: Packet): void {
    this.socket.write(mqttPacket.generate(p));
  }

  /** Resolves once `n` packets of `cmd` have arrived. */
  async received(cmd: string, n = 1): Promise<Packet[]> {
    for (;;) {
      const got = this.packets.filter((p) => p.cmd === cmd);
      if (got.length >= n) return got;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async connect(creds: Creds, opts: { clientId?: string; clean?: boolean } = {}): Promise<number> {
    this.send({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: opts.clientId ?? creds.id,
      clean: opts.clean ?? true,
      keepalive: 60,
      username: creds.username,
      password: Buffer.from(creds.password),
    });
    const [connack] = await this.received('connack');
    return (connack as { returnCode: number }).returnCode;
  }

  publishQos2(topicName: string, messageId: number, bytes: number): void {
    this.send({
      cmd: 'publish',
      topic: topicName,
      payload: Buffer.alloc(bytes, 0x61),
      qos: 2,
      messageId,
      retain: false,
      dup: false,
    });
  }
}

describe('MQTT abuse with one valid secret', () => {
  let s: TestServer;
  let a: Creds;

  beforeAll(async () => {
    s = await startServer({ env: { DEVICE_RATE_PER_S: '1000', DEVICE_BURST: '1000' } });
    a = await registerDevice(s, { id: 'box-a', type: 'distribution_box' });
    await registerDevice(s, { id: 'box-b', type: 'distribution_box' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('keeps only message ids of QoS-2 publishes awaiting PUBREL, and closes a client over its bound', async () => {
    for (const clean of [true, false]) {
      const c = await RawClient.open(s.mqttPort);
      expect(await c.connect(a, { clean })).toBe(0);
      // 32 publishes of 40 KB into another device's topic, PUBREL withheld: 1.3 MB offered.
      for (let id = 1; id <= 32; id++) c.publishQos2(topic('box-b', 'telemetry'), id, 40_000);
      await c.received('pubrec', 32);
      expect(await metricValue(s, 'redsail_mqtt_inbound_held_packets')).toBe(32);
      expect(await metricValue(s, 'redsail_mqtt_inbound_held_bytes')).toBeLessThanOrEqual(32 * 100);
      // One more: the connection is closed and what it held is dropped, even for a persistent session.
      c.publishQos2(topic('box-b', 'telemetry'), 33, 40_000);
      await c.closed;
      await vi.waitFor(async () => expect(await metricValue(s, 'redsail_mqtt_inbound_held_packets')).toBe(0));
      expect(await metricValue(s, 'redsail_mqtt_inbound_held_bytes')).toBe(0);
    }
    expect(await metricValue(s, 'redsail_mqtt_inbound_overflow_total')).toBe(2);
  });

  it('closes a connection that sends a packet over 64 KiB (the payload limit is 16 KiB)', async () => {
    const c = await RawClient.open(s.mqttPort);
    expect(await c.connect(a)).toBe(0);
    c.publishQos2(topic('box-a', 'telemetry'), 1, 250_000);
    await c.closed;
    expect(await metricValue(s, 'redsail_mqtt_inbound_held_packets')).toBe(0);
  });

  it('a PUBREL frees the entry: a well-behaved QoS-2 publisher is never cut off', async () => {
    const c = await RawClient.open(s.mqttPort);
    expect(await c.connect(a)).toBe(0);
    for (let id = 1; id <= 100; id++) {
      c.publishQos2(topic('box-a', 'telemetry'), id, 20);
      await c.received('pubrec', id);
      c.send({ cmd: 'pubrel', messageId: id });
      await c.received('pubcomp', id);
    }
    expect(await metricValue(s, 'redsail_mqtt_inbound_held_packets')).toBe(0);
    c.socket.destroy();
    await c.closed;
  });

  it('a device has one live connection: a new login takes over without the last will', async () => {
    const clients: MqttClient[] = [];
    for (let i = 0; i < 5; i++) {
      clients.push(await connectDevice(s, a, { clientId: `made-up-${i}` }));
    }
    await vi.waitFor(() => expect(clients.filter((c) => c.connected)).toHaveLength(1));
    expect(clients[4]!.connected).toBe(true);
    expect(await metricValue(s, 'redsail_mqtt_session_takeovers_total')).toBeGreaterThanOrEqual(4);
    const dev = await s.api.get<{ status: string }>('/api/devices/box-a', s.admin);
    expect(dev.body.status).not.toBe('offline');
    // A persistent session only under the device's own id: CONNACK 2 (identifier rejected) otherwise.
    const c = await RawClient.open(s.mqttPort);
    expect(await c.connect(a, { clientId: 'made-up-9', clean: false })).toBe(2);
    await c.closed;
    await clients[4]!.endAsync();
  });

  it('a denied publish takes from the device’s rate budget', async () => {
    const slow = await startServer({ env: { DEVICE_RATE_PER_S: '1', DEVICE_BURST: '3' } });
    try {
      const creds = await registerDevice(slow, { id: 'box-c', type: 'distribution_box' });
      const client = await connectDevice(slow, creds);
      for (let i = 0; i < 3; i++) await client.publishAsync(topic('box-x', 'telemetry'), '{}', { qos: 1 });
      void client.publishAsync(topic('box-x', 'telemetry'), '{}', { qos: 1 }).catch(() => undefined);
      await vi.waitFor(async () =>
        expect(await metricValue(slow, 'redsail_mqtt_messages_shed_total', { reason: 'device_rate' })).toBe(
          1,
        ),
      );
      expect(await metricValue(slow, 'redsail_mqtt_acl_denied_total', { action: 'publish' })).toBe(4);
      client.end(true);
    } finally {
      await slow.stop();
    }
  });
});

describe('connection caps', () => {
  let s: TestServer;
  let a: Creds;

  beforeAll(async () => {
    s = await startServer({ env: { MQTT_MAX_CONN_PER_ADDR: '3', HTTP_MAX_CONNECTIONS: '20' } });
    a = await registerDevice(s, { id: 'box-a', type: 'distribution_box' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('refuses a connection over the per-address cap with CONNACK 3, and counts it', async () => {
    const held = await Promise.all([0, 1, 2].map(() => RawClient.open(s.mqttPort)));
    await vi.waitFor(async () => expect(await metricValue(s, 'redsail_mqtt_connections_open')).toBe(3));
    const over = await RawClient.open(s.mqttPort);
    expect(await over.connect(a)).toBe(3);
    await over.closed;
    expect(await metricValue(s, 'redsail_mqtt_connections_refused_total', { reason: 'address' })).toBe(1);
    for (const c of held) c.socket.destroy();
    await vi.waitFor(async () => expect(await metricValue(s, 'redsail_mqtt_connections_open')).toBe(0));
    const ok = await connectDevice(s, a);
    expect(ok.connected).toBe(true);
    await ok.endAsync();
  });

  it('HTTP clients filling their cap leave devices able to connect', async () => {
    const port = s.httpPort;
    const sockets: net.Socket[] = [];
    // Half-open requests: headers never finished.
    for (let i = 0; i < 20; i++) {
      const sock = net.connect(port, '127.0.0.1');
      sock.on('error', () => undefined);
      await new Promise<void>((resolve) => sock.once('connect', () => resolve()));
      sock.write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
      sockets.push(sock);
    }
    const extra = net.connect(port, '127.0.0.1');
    extra.on('error', () => undefined);
    await new Promise<void>((resolve) => extra.once('close', () => resolve()));
    const device = await mqtt.connectAsync(s.mqttUrl, {
      clientId: a.id,
      username: a.username,
      password: a.password,
      reconnectPeriod: 0,
    });
    expect(device.connected).toBe(true);
    await device.endAsync();
    for (const sock of sockets) sock.destroy();
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  it('requires the token as a Bearer token, from the loopback too', async () => {
    const token = 'metrics-token-0123456789';
    const s = await startServer({ env: { METRICS_TOKEN: token } });
    try {
      expect((await fetch(`${s.httpUrl}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${s.httpUrl}/metrics`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${s.httpUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('redsail_mqtt_connections_open');
    } finally {
      await s.stop();
    }
  });
});

// MQTT over WebSocket at /mqtt on the HTTP port (device-protocol.md: welcome but optional).
// Socket.IO is told not to destroy upgrades it does not own (destroyUpgrade: false).
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { MAX_PACKET_BYTES } from './packet-guard';

export const MQTT_WS_PATH = '/mqtt';

export function attachMqttWebSocket(server: http.Server, handleStream: (s: Duplex) => void): () => void {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PACKET_BYTES,
    handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false),
  });
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path?.startsWith('/socket.io/')) return; // Socket.IO's own
    if (path !== MQTT_WS_PATH) return void socket.destroy();
    // The socket's address rides on the stream: the broker counts failed logins by it.
    const remoteAddress = req.socket.remoteAddress;
    wss.handleUpgrade(req, socket, head, (ws) =>
      handleStream(Object.assign(createWebSocketStream(ws), { remoteAddress })),
    );
  };
  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  };
}

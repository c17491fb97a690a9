// Map fixtures for tests: the demo town's streets (a ROADS_FILE), and a tile server on 127.0.0.1 that
// answers every tile with a 1×1 PNG and records what it was asked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo town's streets, as the demo passes them to the server (ROADS_FILE). */
export const DEMO_STREETS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../simulators/data/qufu/streets.geojson',
);

/** A 1×1 transparent PNG: Leaflet draws it at 256×256. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export interface TileServer {
  server: Server;
  origin: string;
  /** Paths asked for, in order. */
  asked: string[];
  stop(): Promise<void>;
}

export async function startTileServer(): Promise<TileServer> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(PNG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    stop: () =>
      server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve(),
  };
}

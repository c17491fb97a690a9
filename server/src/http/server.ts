// The HTTP server of one instance: the Express app of its services under the settings' connection
// limits and timeouts (http/limits.ts).
import type http from 'node:http';
import type { Config } from '../config/config';
import type { Logger } from '../log';
import type { RoadsFile } from '../roads/roads-file';
import type { Services } from '../services';
import { createHttpApp, httpOptions } from './app';
import { createLimitedServer } from './limits';

export interface HttpServerOptions {
  /** False until the instance is up: /api/health answers 503 meanwhile. */
  isReady: () => boolean;
  /** Connections at most, within the open-file limit (broker/limits-config.ts). */
  maxConnections: number;
  /** The parsed ROADS_FILE, read once at startup with the road network. */
  roads?: RoadsFile;
}

export function createHttpServer(
  services: Services,
  log: Logger,
  config: Config,
  o: HttpServerOptions,
): http.Server {
  return createLimitedServer(createHttpApp(services, log, httpOptions(config, o.isReady, o.roads)), {
    headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    maxConnectionsPerAddress: config.HTTP_MAX_CONN_PER_ADDR,
    maxConnections: o.maxConnections,
  });
}

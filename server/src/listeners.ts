// The server's listeners: plain MQTT and HTTP on MQTT_PORT and PORT and, when their ports are set, MQTT
// over TLS on MQTTS_PORT (into the broker's own stream handler, so authentication, ACL and limits are the
// same) and HTTPS on HTTPS_PORT (into the same HTTP server: console, API, Socket.IO and /mqtt WebSocket,
// with req.secure true, so cookies are Secure). Both use TLS_CERT_FILE / TLS_KEY_FILE (and TLS_CA_FILE);
// reloadTls() — SIGHUP in main.ts — reads the files again without dropping a connection. docs/tls.md.
import type http from 'node:http';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { Config } from './config/config';
import type { Logger } from './log';
import { capPerAddress } from './http/limits';
import { loadTlsFiles, type TlsFiles } from './tls-files';

/** A certificate expiring within this is warned about at every start and reload. */
const EXPIRY_WARNING_MS = 30 * 86_400_000;

/** A TLS client has this long to finish its handshake (Node's default is 120 s). */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export class PortInUseError extends Error {
  constructor(variable: string, port: number) {
    super(`Port ${port} is already in use: set ${variable} to a free port (or 0 for any free port).`);
    this.name = 'PortInUseError';
  }
}

/** Listens on host:port; resolves with the bound port, or rejects with PortInUseError naming `variable`. */
export function listen(
  server: http.Server | NetServer,
  port: number,
  host: string,
  variable: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(variable, port) : err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export interface TlsPorts {
  mqttsPort?: number;
  httpsPort?: number;
}

export interface TlsTargets {
  /** The broker's stream handler (the plain MQTT listener's too). */
  mqtt: (stream: Duplex) => void;
  /** The HTTP server of PORT. */
  http: http.Server;
}

export interface TlsListeners {
  /** Where the decrypted connections go: set before listen(). */
  attach(targets: TlsTargets): void;
  listen(): Promise<TlsPorts>;
  /** Reads the certificate files again; throws a ConfigError (and keeps the old ones) if they are bad. */
  reload(): void;
  close(): Promise<void>;
}

type TlsConfig = Pick<
  Config,
  | 'HOST'
  | 'MQTTS_PORT'
  | 'HTTPS_PORT'
  | 'TLS_CERT_FILE'
  | 'TLS_KEY_FILE'
  | 'TLS_CA_FILE'
  | 'HTTP_MAX_CONN_PER_ADDR'
>;

/**
 * The TLS listeners the configuration asks for, their files checked now, before anything is opened (a
 * ConfigError naming the variable and the file refuses the start); no-ops when neither MQTTS_PORT nor
 * HTTPS_PORT is set.
 */
export function createTlsListeners(config: TlsConfig, log: Logger): TlsListeners {
  let targets: TlsTargets | undefined;
  const wanted: {
    variable: 'MQTTS_PORT' | 'HTTPS_PORT';
    port: number;
    onSecure: (s: Socket) => void;
    perAddress?: number;
  }[] = [];
  if (config.MQTTS_PORT !== undefined)
    wanted.push({ variable: 'MQTTS_PORT', port: config.MQTTS_PORT, onSecure: (s) => targets?.mqtt(s) });
  if (config.HTTPS_PORT !== undefined)
    wanted.push({
      variable: 'HTTPS_PORT',
      port: config.HTTPS_PORT,
      // The HTTP server parses the decrypted stream as it does a plain one; its per-address cap and
      // timeouts apply, and Express sees an encrypted socket (req.secure).
      onSecure: (s) => targets?.http.emit('connection', s),
      perAddress: config.HTTP_MAX_CONN_PER_ADDR,
    });
  if (wanted.length === 0)
    return { attach: () => {}, listen: () => Promise.resolve({}), reload: () => {}, close: async () => {} };

  const describe = (files: TlsFiles) => {
    const about = { subject: files.subject, validTo: files.validTo };
    log.info(about, 'TLS certificate loaded');
    const left = files.expiresAt - Date.now();
    if (left < EXPIRY_WARNING_MS)
      log.warn(
        { ...about, daysLeft: Math.floor(left / 86_400_000) },
        'TLS certificate expires soon: renew it',
      );
  };
  const first = loadTlsFiles(config, wanted.map((w) => w.variable).join(' / '));
  describe(first);
  const sockets = new Set<Socket>();
  const servers = wanted.map((w) => {
    const server = tls.createServer(
      { ...first.options, handshakeTimeout: HANDSHAKE_TIMEOUT_MS },
      (socket: tls.TLSSocket) => w.onSecure(socket),
    );
    if (w.perAddress !== undefined) capPerAddress(server, w.perAddress);
    server.on('connection', (raw: Socket) => {
      if (raw.destroyed) return;
      sockets.add(raw);
      raw.once('close', () => sockets.delete(raw));
    });
    // A failed handshake (an untrusting client, a port scan) is the client's problem, not a server error.
    server.on('tlsClientError', (err) => log.debug({ err: err.message }, 'TLS handshake failed'));
    return { ...w, server };
  });

  return {
    attach(t) {
      targets = t;
    },
    async listen() {
      const ports: TlsPorts = {};
      for (const { variable, port, server } of servers) {
        const bound = await listen(server, port, config.HOST, variable);
        if (variable === 'MQTTS_PORT') ports.mqttsPort = bound;
        else ports.httpsPort = bound;
      }
      return ports;
    },
    reload() {
      const files = loadTlsFiles(config, wanted.map((w) => w.variable).join(' / '));
      for (const { server } of servers) server.setSecureContext(files.options);
      describe(files);
    },
    async close() {
      await Promise.all(
        servers.map(
          ({ server }) =>
            new Promise<void>((resolve) => {
              if (!server.listening) return resolve();
              server.close(() => resolve());
              // By now the broker and the HTTP server have closed their clients; what is left is idle.
              for (const s of sockets) s.destroy();
            }),
        ),
      );
    },
  };
}

// The server process: `npm start`. Reads the environment, starts, stops cleanly on SIGINT/SIGTERM, and
// reloads the TLS certificate files on SIGHUP.
import { createRedsail, PortInUseError } from './app';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './log';
import { tuneHeap } from './heap-tuning';

async function main(): Promise<void> {
  tuneHeap();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  try {
    const app = await createRedsail(config, log);
    await app.start();
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      app.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'stop failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    // New certificate files (a renewal) without a restart; bad ones are refused and the old stay.
    process.on('SIGHUP', () => {
      try {
        app.reloadTls();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'TLS files not reloaded, the previous ones stay');
      }
    });
  } catch (err) {
    if (err instanceof PortInUseError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    log.fatal({ err }, 'Redsail failed to start');
    process.exit(1);
  }
}

void main();

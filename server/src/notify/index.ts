// The notifications module: channels (group robots and signed webhooks), what they are sent and how.
// Composed once per server from the settings; see docs/notifications.md.
import type { Clock } from '../clock';
import type { Config } from '../config/config';
import type { EventBus } from '../events/bus';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import { ChannelService } from './channels';
import { Notifier } from './notifier';

/** Sends at once, across all channels. */
const CONCURRENCY = 4;

export function createNotifications(
  config: Config,
  store: Store,
  bus: EventBus,
  clock: Clock,
  log: Logger,
): { notifier: Notifier; channels: ChannelService } {
  // Channels hear the events announced on this node (after their commit), as every node does for its own.
  const notifier = new Notifier(store, bus, clock, log.child({ module: 'notify' }), {
    attempts: config.NOTIFY_ATTEMPTS,
    retryBaseMs: config.NOTIFY_RETRY_BASE_MS,
    timeoutMs: config.NOTIFY_TIMEOUT_MS,
    queueMax: config.NOTIFY_QUEUE,
    concurrency: CONCURRENCY,
    ...(config.PUBLIC_ORIGIN !== undefined && { consoleUrl: `${config.PUBLIC_ORIGIN}/` }),
  });
  return { notifier, channels: new ChannelService(store, notifier, clock) };
}

// Notification channels as the API sees them (admin): create (compounds checked), list, delete, send a
// test now, read the delivery log. The secret is kept to sign with and never leaves through a DTO.
import type { Clock } from '../clock';
import type { ChannelDto, CreateChannelBody, DeliveryDto } from '../contracts/dto';
import { invalid, notFound } from '../errors';
import { channelId } from '../pipeline/ids';
import type { ChannelRecord, DeliveryFilter, DeliveryRecord, Store } from '../store/store';
import type { Notifier } from './notifier';

export type ChannelStore = Pick<
  Store,
  'createChannel' | 'getChannel' | 'listChannels' | 'deleteChannel' | 'listDeliveries' | 'getCompound'
>;

export class ChannelService {
  constructor(
    private readonly store: ChannelStore,
    private readonly notifier: Pick<Notifier, 'sendNow'>,
    private readonly clock: Clock,
  ) {}

  async create(body: CreateChannelBody, by: string): Promise<ChannelRecord> {
    const compoundIds = body.compoundIds && [...new Set(body.compoundIds)];
    for (const id of compoundIds ?? [])
      if (!(await this.store.getCompound(id))) throw invalid(`invalid body: compoundIds: no compound ${id}`);
    const now = this.clock.now();
    const rec: ChannelRecord = {
      id: channelId(now),
      type: body.type,
      name: body.name,
      url: body.url,
      ...(body.secret !== undefined && { secret: body.secret }),
      minPriority: body.minPriority,
      ...(compoundIds && { compoundIds }),
      createdBy: by,
      createdAt: now,
    };
    await this.store.createChannel(rec);
    return rec;
  }

  list(): Promise<ChannelRecord[]> {
    return this.store.listChannels();
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.deleteChannel(id))) throw notFound(`notification channel ${id}`);
  }

  /** Sends a test message now (one attempt) and answers with how it went. */
  async test(id: string): Promise<DeliveryRecord> {
    const channel = await this.get(id);
    const now = this.clock.now();
    return this.notifier.sendNow(channel, { event: 'test' }, `test:${channelId(now)}`);
  }

  async deliveries(id: string, filter: DeliveryFilter): Promise<DeliveryRecord[]> {
    await this.get(id);
    return this.store.listDeliveries(id, filter);
  }

  private async get(id: string): Promise<ChannelRecord> {
    const channel = await this.store.getChannel(id);
    if (!channel) throw notFound(`notification channel ${id}`);
    return channel;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

const hide = (v: string) => (v.length <= 8 ? '…' : `${v.slice(0, 4)}…`);

/**
 * The URL as the API shows it: a robot's URL carries its token (DingTalk `access_token`, WeCom `key`,
 * Feishu's last path segment), which lets anyone post to the group — so query values and a long last
 * path segment are cut to their first 4 characters.
 */
export function maskUrl(raw: string): string {
  const u = new URL(raw);
  for (const [k, v] of [...u.searchParams]) u.searchParams.set(k, hide(v));
  const parts = u.pathname.split('/');
  const last = parts.at(-1) ?? '';
  if (last.length > 16) parts[parts.length - 1] = hide(last);
  u.pathname = parts.join('/');
  return decodeURI(u.toString());
}

export const channelDto = (c: ChannelRecord): ChannelDto => ({
  id: c.id,
  type: c.type,
  name: c.name,
  url: maskUrl(c.url),
  hasSecret: c.secret !== undefined,
  minPriority: c.minPriority,
  ...(c.compoundIds && { compoundIds: c.compoundIds }),
  createdBy: c.createdBy,
  createdAt: iso(c.createdAt),
});

export const deliveryDto = (d: DeliveryRecord): DeliveryDto => ({
  id: d.id,
  at: iso(d.at),
  event: d.event as DeliveryDto['event'],
  ticketId: d.ticketId ?? null,
  ...(d.level !== undefined && { level: d.level }),
  attempts: d.attempts,
  ok: d.ok,
  status: d.status ?? null,
  pending: d.doneAt === undefined,
  ...(d.error !== undefined && { error: d.error }),
});

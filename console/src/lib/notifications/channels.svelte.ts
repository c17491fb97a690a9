// The notification channels page's state as a rune class: the channels, the compounds to pick from,
// each channel's recent deliveries and its last test result. Every change goes to the server
// (admin only there too) and the list is read again.
import { del, get, post } from '../api/client';
import type { ChannelDto, CompoundDto, CreateChannelBody, DeliveryDto } from '../api/types';

/** Deliveries shown per channel. */
export const DELIVERIES_SHOWN = 10;

const path = (id: string, rest = '') => `/api/notification-channels/${encodeURIComponent(id)}${rest}`;

export class ChannelDesk {
  channels = $state.raw<ChannelDto[]>([]);
  compounds = $state.raw<CompoundDto[]>([]);
  deliveries = $state<Record<string, DeliveryDto[]>>({});
  /** The last send-test answer per channel. */
  tests = $state<Record<string, DeliveryDto | 'sending'>>({});
  loading = $state(false);
  saving = $state(false);
  error = $state<string | undefined>();

  readonly phase = $derived(this.loading ? 'loading' : this.error ? 'error' : 'ready');

  async load(): Promise<void> {
    await this.#run(async () => {
      this.loading = true;
      const [channels, compounds] = await Promise.all([
        get<ChannelDto[]>('/api/notification-channels'),
        get<CompoundDto[]>('/api/compounds'),
      ]);
      this.channels = channels;
      this.compounds = compounds;
      await Promise.all(channels.map((c) => this.loadDeliveries(c.id)));
    });
    this.loading = false;
  }

  async loadDeliveries(id: string): Promise<void> {
    const list = await get<DeliveryDto[]>(path(id, `/deliveries?limit=${DELIVERIES_SHOWN}`));
    this.deliveries[id] = list;
  }

  /** True when the channel was created. */
  async create(body: CreateChannelBody): Promise<boolean> {
    this.saving = true;
    const ok = await this.#run(async () => {
      const created = await post<ChannelDto>('/api/notification-channels', body);
      this.channels = [...this.channels, created];
      this.deliveries[created.id] = [];
    });
    this.saving = false;
    return ok;
  }

  async remove(id: string): Promise<void> {
    await this.#run(async () => {
      await del(path(id));
      this.channels = this.channels.filter((c) => c.id !== id);
    });
  }

  async test(id: string): Promise<void> {
    this.tests[id] = 'sending';
    const ok = await this.#run(async () => {
      this.tests[id] = await post<DeliveryDto>(path(id, '/test'));
      await this.loadDeliveries(id);
    });
    if (!ok) delete this.tests[id];
  }

  async #run(work: () => Promise<void>): Promise<boolean> {
    this.error = undefined;
    try {
      await work();
      return true;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return false;
    }
  }
}

// The integrations page's state as a rune class: the integrations (never their keys), the key of the
// one just created (held only until the admin dismisses it), creating and revoking. Every change goes
// to the server (admin only there too) and the list is read again.
import { del, get, post } from '../api/client';
import type { CreatedIntegrationDto, IntegrationDto } from '../../../../server/src/contracts/dto';

export type IntegrationSource = IntegrationDto['source'];

export class IntegrationDesk {
  integrations = $state.raw<IntegrationDto[]>([]);
  /** The integration just created, with its key: shown once, then forgotten. */
  created = $state.raw<CreatedIntegrationDto | undefined>();
  loading = $state(false);
  saving = $state(false);
  error = $state<string | undefined>();

  readonly phase = $derived(this.loading ? 'loading' : this.error ? 'error' : 'ready');

  async load(): Promise<void> {
    this.loading = true;
    await this.#run(async () => {
      this.integrations = await get<IntegrationDto[]>('/api/integrations');
    });
    this.loading = false;
  }

  /** True when the integration was created; its key is then in `created`. */
  async create(name: string, source: IntegrationSource): Promise<boolean> {
    this.saving = true;
    const ok = await this.#run(async () => {
      this.created = await post<CreatedIntegrationDto>('/api/integrations', { name, source });
      this.integrations = await get<IntegrationDto[]>('/api/integrations');
    });
    this.saving = false;
    return ok;
  }

  /** The admin has kept the key: it is not shown again. */
  dismissKey(): void {
    this.created = undefined;
  }

  async revoke(id: string): Promise<void> {
    await this.#run(async () => {
      await del(`/api/integrations/${encodeURIComponent(id)}`);
      this.integrations = await get<IntegrationDto[]>('/api/integrations');
    });
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

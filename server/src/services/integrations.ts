// Integration API keys (api.md v1.1 "Reports, intake and handover"): an admin issues one per outside
// system (the city's 12345 line, the grid workers' app); its Open311 requests become tickets of the
// integration's source. The key is `rsk_<id>_<32 random bytes base64url>`, shown once; the store keeps
// its HMAC (the device-secret scheme, auth/secrets.ts). Every request reads the integration from the
// store — no cache — so a revocation on any node is refused at once on every node.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { CreateIntegrationBody } from '../contracts/dto';
import { verifyDeviceHmac } from '../auth/device-hmac';
import { COST, hashSecret } from '../auth/secrets';
import { notFound } from '../errors';
import type { IntegrationRecord, Store } from '../store/store';

export type IntegrationServiceStore = Pick<
  Store,
  'createIntegration' | 'getIntegration' | 'listIntegrations' | 'revokeIntegration' | 'touchIntegration'
>;

/** last_used_at is written at most this often per key. */
export const TOUCH_EVERY_MS = 60_000;

const KEY_RE = /^rsk_(INT[0-9A-Z]{1,40})_([A-Za-z0-9_-]{43})$/;

const integrationId = (now: number) =>
  `INT${now.toString(36).toUpperCase()}${randomBytes(3).toString('hex').toUpperCase()}`;

/** The actor name an integration's changes are recorded under (timeline `by`, audit actor). */
export const integrationActor = (id: string): string => `integration:${id}`;

export class IntegrationService {
  /** When this node last wrote each key's last use. */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: IntegrationServiceStore,
    private readonly clock: Clock,
  ) {}

  async create(
    body: CreateIntegrationBody,
    by: string,
  ): Promise<{ integration: IntegrationRecord; apiKey: string }> {
    const now = this.clock.now();
    const id = integrationId(now);
    const apiKey = `rsk_${id}_${randomBytes(32).toString('base64url')}`;
    const integration: IntegrationRecord = {
      id,
      name: body.name,
      source: body.source,
      secretHash: await hashSecret(apiKey, COST.deviceSecret),
      createdBy: by,
      createdAt: now,
    };
    await this.store.createIntegration(integration);
    return { integration, apiKey };
  }

  list(): Promise<IntegrationRecord[]> {
    return this.store.listIntegrations();
  }

  /** Revokes it; revoking one already revoked is accepted and changes nothing (idempotent). */
  async revoke(id: string, by: string): Promise<void> {
    const found = await this.store.getIntegration(id);
    if (!found) throw notFound(`integration ${id}`);
    if (found.revokedAt === undefined) await this.store.revokeIntegration(id, this.clock.now(), by);
  }

  /** The integration whose key this is, if it is valid and not revoked; undefined otherwise. */
  async authenticate(apiKey: string | undefined): Promise<IntegrationRecord | undefined> {
    const m = apiKey === undefined ? null : KEY_RE.exec(apiKey);
    const found = m?.[1] === undefined ? undefined : await this.store.getIntegration(m[1]);
    // The HMAC runs even for an unknown id (against a dummy), so timing does not tell ids apart.
    const valid = verifyDeviceHmac(Buffer.from(apiKey ?? ''), found?.secretHash);
    if (!found || !valid || found.revokedAt !== undefined) return undefined;
    await this.touch(found);
    return found;
  }

  private async touch(i: IntegrationRecord): Promise<void> {
    const now = this.clock.now();
    const last = Math.max(this.touched.get(i.id) ?? 0, i.lastUsedAt ?? 0);
    if (now - last < TOUCH_EVERY_MS) return;
    this.touched.set(i.id, now);
    await this.store.touchIntegration(i.id, now);
  }
}

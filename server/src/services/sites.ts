// Sites: places on the map that are not devices — red sail stations (红帆驿站) inside compounds and
// the property company's depot where the vans wait. Created by the admin, read by everyone.
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { CreateSiteBody } from '../contracts/dto';
import { invalid } from '../errors';
import type { SiteRecord, Store } from '../store/store';

export type SiteStore = Pick<Store, 'getCompound' | 'createSite' | 'listSites'>;

export class SiteService {
  constructor(
    private readonly store: SiteStore,
    private readonly clock: Clock,
  ) {}

  /** 400 when compoundId names no compound; 409 (StoreConflictError) when the id is taken. */
  async create(body: z.infer<typeof CreateSiteBody>): Promise<SiteRecord> {
    if (body.compoundId !== undefined && !(await this.store.getCompound(body.compoundId))) {
      throw invalid(`invalid body: compoundId: there is no compound '${body.compoundId}' (create it first)`);
    }
    const rec: SiteRecord = { ...body, createdAt: this.clock.now() };
    await this.store.createSite(rec);
    return rec;
  }

  /** Ordered by id. */
  list(): Promise<SiteRecord[]> {
    return this.store.listSites();
  }
}

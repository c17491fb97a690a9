// Integrations as the Store keeps them (api.md v1.1 "Reports, intake and handover"): an outside system
// (the city's 12345 line, the grid workers' app) that files Open311 requests with an API key. The key
// itself is never stored, only its hash (auth/secrets.ts, the device-secret scheme).
/** The ticket source an integration's requests get. */
export type IntegrationSource = 'hotline' | 'grid';

export interface IntegrationRecord {
  id: string;
  name: string;
  source: IntegrationSource;
  /** hashSecret(apiKey, COST.deviceSecret). */
  secretHash: string;
  createdBy: string;
  createdAt: number;
  /** Revoked: its key is refused from then on; absent while it is in use. */
  revokedAt?: number;
  revokedBy?: string;
  /** When its key was last accepted (kept to the minute). */
  lastUsedAt?: number;
}

/** The integrations' part of the Store. */
export interface IntegrationStore {
  /** Rejects a duplicate id with StoreConflictError. */
  createIntegration(integration: IntegrationRecord): Promise<void>;
  getIntegration(id: string): Promise<IntegrationRecord | undefined>;
  /** Every integration, revoked ones included, oldest first. */
  listIntegrations(): Promise<IntegrationRecord[]>;
  /** Revokes one; false (and nothing changed) if it was already revoked or does not exist. */
  revokeIntegration(id: string, at: number, by: string): Promise<boolean>;
  /** Records that its key was accepted at `at`; ignored when a later use is already recorded. */
  touchIntegration(id: string, at: number): Promise<void>;
}

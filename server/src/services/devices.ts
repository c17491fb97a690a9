// Devices: registration, MQTT credentials, and the in-memory runtime (merged state, status, rule
// timers) that the ingest path reads and writes synchronously. The store holds the durable copy.
import type { CompiledDeviceType } from '../../../devices/index';
import { isDeviceHmac, verifyDeviceHmac } from '../auth/device-hmac';
import { COST, hashSecret, randomToken } from '../auth/secrets';
import type { DeviceRecord, DeviceStateRecord, DeviceStatus, Store } from '../store/store';
import { conflict, invalid, notFound } from '../errors';
import { checkRows, type RegisterDevice } from './device-import';
import { LegacySecrets } from './device-legacy';

export interface DeviceRuntime {
  rec: DeviceRecord;
  type: CompiledDeviceType;
  st: DeviceStateRecord;
}

export interface Registered {
  device: DeviceRuntime;
  /** The MQTT password; only its hash is kept. */
  secret: string;
}

export type DeviceStore = Pick<
  Store,
  | 'listDevices'
  | 'listDeviceStates'
  | 'createDevice'
  | 'createDevices'
  | 'getDevice'
  | 'getDeviceState'
  | 'updateDevice'
>;

export class DeviceService {
  private readonly devices = new Map<string, DeviceRuntime>();
  private readonly legacy: LegacySecrets;
  /** Cluster mode: records being re-read after another node revoked them (see refresh). */
  private readonly refreshing = new Map<string, Promise<void>>();

  constructor(
    private readonly store: DeviceStore,
    private readonly types: ReadonlyMap<string, CompiledDeviceType>,
  ) {
    this.legacy = new LegacySecrets(store);
  }

  async load(): Promise<void> {
    const [recs, states] = await Promise.all([this.store.listDevices(), this.store.listDeviceStates()]);
    const byId = new Map(states.map((s) => [s.deviceId, s]));
    for (const rec of recs) {
      const type = this.types.get(rec.type);
      if (!type)
        throw new Error(`device ${rec.id} has type '${rec.type}', which this server does not define`);
      this.devices.set(rec.id, { rec, type, st: byId.get(rec.id) ?? blankState(rec.id) });
    }
  }

  get(id: string): DeviceRuntime | undefined {
    return this.devices.get(id);
  }

  /** Cluster mode: which devices another node handles (their live state here may lag the store's). */
  private handledElsewhere: (id: string) => boolean = () => false;
  readThrough(handledElsewhere: (id: string) => boolean): void {
    this.handledElsewhere = handledElsewhere;
  }
  /** The device as fresh as this node can tell: read from the store when another node handles it. */
  async current(id: string): Promise<DeviceRuntime | undefined> {
    if (!this.handledElsewhere(id)) return this.devices.get(id);
    return (await this.adopt(id)) ?? this.devices.get(id);
  }

  /**
   * Cluster mode: the device as the store has it now — registered on another node, or last handled
   * by another node whose writes are committed — replaces what this node held. Undefined if unknown.
   */
  async adopt(id: string): Promise<DeviceRuntime | undefined> {
    const rec = this.devices.get(id)?.rec ?? (await this.store.getDevice(id));
    const type = rec && this.types.get(rec.type);
    if (!rec || !type) return undefined;
    const st = (await this.store.getDeviceState(id)) ?? blankState(id);
    const device: DeviceRuntime = { rec, type, st };
    this.devices.set(id, device);
    return device;
  }
  all(): IterableIterator<DeviceRuntime> {
    return this.devices.values();
  }
  get size(): number {
    return this.devices.size;
  }
  typeNames(): string[] {
    return [...this.types.keys()];
  }
  /** The effective rule ids of a type (its offline rule included); none for an unknown type. */
  typeRules(type: string): string[] {
    return this.types.get(type)?.rules.map((r) => r.id) ?? [];
  }

  async register(body: RegisterDevice, now: number): Promise<Registered> {
    const type = this.types.get(body.type);
    if (!type) {
      throw invalid(`unknown device type '${body.type}'; use one of: ${this.typeNames().join(', ')}`);
    }
    if (body.rating_a !== undefined && !type.def.attributes?.rating_a)
      throw invalid(`a ${body.type} has no rating_a`);
    if (this.devices.has(body.id)) throw conflict(`device '${body.id}' is already registered`);
    const feed = body.poweredBy === undefined ? [] : this.feedProblems(body.id, body.poweredBy, new Map());
    if (feed.length > 0) throw invalid(feed.join('; '));
    const { rec, secret } = await this.build(body, type, now);
    await this.store.createDevice(rec); // StoreConflictError → 409 in the HTTP error handler
    return { device: this.add(rec, type), secret };
  }

  /**
   * What forbids registering a device with these fields now (beyond its schema); `earlier`: the id → type
   * of the rows before it in the same import (a box among them may feed it).
   */
  problems(
    fields: { id?: string; type?: string; rating_a?: number; poweredBy?: string },
    earlier: ReadonlyMap<string, string> = new Map(),
  ): string[] {
    const out: string[] = [];
    if (fields.poweredBy !== undefined) out.push(...this.feedProblems(fields.id, fields.poweredBy, earlier));
    if (fields.type !== undefined) {
      const type = this.types.get(fields.type);
      if (!type)
        out.push(`type: unknown device type '${fields.type}'; use one of: ${this.typeNames().join(', ')}`);
      else if (fields.rating_a !== undefined && !type.def.attributes?.rating_a)
        out.push(`rating_a: a ${fields.type} has no rating_a`);
    }
    if (fields.id !== undefined && this.devices.has(fields.id))
      out.push(`id: device '${fields.id}' is already registered`);
    return out;
  }

  /** api.md "Power-feed topology": poweredBy names a registered (or earlier imported) feeder, not itself. */
  private feedProblems(
    id: string | undefined,
    feeder: string,
    earlier: ReadonlyMap<string, string>,
  ): string[] {
    if (feeder === id) return [`poweredBy: device '${feeder}' cannot feed itself`];
    const type = this.devices.get(feeder)?.rec.type ?? earlier.get(feeder);
    if (type === undefined)
      return [
        `poweredBy: '${feeder}' is not a registered device; register the distribution box first (or list it earlier in the import)`,
      ];
    if (!this.types.get(type)?.def.power?.cuts?.length)
      return [`poweredBy: '${feeder}' is a ${type}, which feeds no devices; name a distribution box`];
    return [];
  }

  /** The devices fed by this one (poweredBy); few, and asked only when its power alarm is raised. */
  fedBy(feederId: string): DeviceRuntime[] {
    const out: DeviceRuntime[] = [];
    for (const d of this.devices.values()) if (d.rec.poweredBy === feederId) out.push(d);
    return out;
  }

  /**
   * Registers many devices at once, all or nothing: every row is checked first (ImportRejectedError,
   * 400, lists each bad row), then all are written in one store transaction (StoreConflictError, 409,
   * if an id was taken meanwhile). The in-memory registry changes only after that commit.
   */
  async registerMany(rows: readonly RegisterDevice[], now: number): Promise<Registered[]> {
    checkRows(
      rows.map((data, i) => ({ row: i + 1, data })),
      (f, earlier) => this.problems(f, earlier),
    );
    const built = await mapLimit(rows, 2, async (body) => {
      const type = this.types.get(body.type);
      if (!type) throw new Error(`device type ${body.type} vanished`); // checked above
      return { type, ...(await this.build(body, type, now)) };
    });
    await this.store.createDevices(built.map((b) => b.rec));
    return built.map((b) => ({ device: this.add(b.rec, b.type), secret: b.secret }));
  }

  private async build(
    body: RegisterDevice,
    type: CompiledDeviceType,
    now: number,
  ): Promise<{ rec: DeviceRecord; secret: string }> {
    const attrs: Record<string, number> = {};
    for (const [k, a] of Object.entries(type.def.attributes ?? {})) attrs[k] = a.default;
    if (body.rating_a !== undefined) attrs.rating_a = body.rating_a;
    const secret = deviceSecret();
    const rec: DeviceRecord = {
      id: body.id,
      type: body.type,
      attrs,
      secretHash: await hashDeviceSecret(secret),
      createdAt: now,
      ...(body.name !== undefined && { name: body.name }),
      ...(body.compoundId !== undefined && { compoundId: body.compoundId }),
      ...(body.lat !== undefined && { lat: body.lat }),
      ...(body.lng !== undefined && { lng: body.lng }),
      ...(body.poweredBy !== undefined && { poweredBy: body.poweredBy }),
    };
    return { rec, secret };
  }

  private add(rec: DeviceRecord, type: CompiledDeviceType): DeviceRuntime {
    const device: DeviceRuntime = { rec, type, st: blankState(rec.id) };
    this.devices.set(rec.id, device);
    return device;
  }

  /**
   * A new secret for the device (POST /api/devices/{id}/secret): stored hashed exactly as registration
   * hashes one; the old one is refused from now on. The caller drops the device's live connection.
   */
  async rotateSecret(id: string): Promise<string> {
    const device = await this.inService(id);
    const secret = deviceSecret();
    await this.replace(device, { ...device.rec, secretHash: await hashDeviceSecret(secret) });
    return secret;
  }

  /** Takes the device out of service: its connects are refused, it leaves live lists, its history stays. */
  async decommission(id: string, now: number): Promise<DeviceRuntime> {
    const device = await this.inService(id);
    await this.replace(device, { ...device.rec, decommissionedAt: now });
    return device;
  }

  /** Cluster mode: another node rotated or decommissioned the device; read its record again. */
  refresh(id: string): Promise<void> {
    const done = (async () => {
      const rec = await this.store.getDevice(id);
      const device = this.devices.get(id);
      if (rec && device) device.rec = rec;
    })().finally(() => {
      if (this.refreshing.get(id) === done) this.refreshing.delete(id);
    });
    this.refreshing.set(id, done); // a connect meanwhile waits for the new record
    return done;
  }

  private async inService(id: string): Promise<DeviceRuntime> {
    const device = this.devices.get(id) ?? (await this.adopt(id));
    if (!device) throw notFound(`device ${id}`);
    if (device.rec.decommissionedAt !== undefined)
      throw conflict(
        `device ${id} was decommissioned on ${new Date(device.rec.decommissionedAt).toISOString()}`,
        'decommissioned',
      );
    return device;
  }

  private async replace(device: DeviceRuntime, rec: DeviceRecord): Promise<void> {
    if (!(await this.store.updateDevice(rec))) throw notFound(`device ${rec.id}`);
    device.rec = rec;
  }

  /**
   * MQTT CONNECT check: username = device id, password = secret. An unknown or decommissioned id runs
   * the same HMAC against a dummy. A hash stored before HMAC (scrypt) still verifies, and the first
   * good connect replaces it by the HMAC form.
   */
  async verifyCredentials(id: string, password: Buffer): Promise<boolean> {
    await this.refreshing.get(id)?.catch(() => undefined);
    // A device registered on another node of a cluster is found in the store.
    const device = this.devices.get(id) ?? (await this.adopt(id));
    const live = device && device.rec.decommissionedAt === undefined ? device : undefined;
    if (!live || isDeviceHmac(live.rec.secretHash)) return verifyDeviceHmac(password, live?.rec.secretHash);
    const before = live.rec;
    const rec = await this.legacy.verifyAndMigrate(before, password);
    // Rotated or decommissioned while the old hash was checked: that record no longer counts.
    if (!rec || live.rec !== before) return false;
    live.rec = rec;
    return true;
  }

  setStatus(d: DeviceRuntime, status: DeviceStatus): void {
    d.st = { ...d.st, status };
  }
}

/** How a new device secret is stored: registration and rotation both call this. */
function hashDeviceSecret(secret: string): Promise<string> {
  return hashSecret(secret, COST.deviceSecret);
}

/**
 * A device secret (144 random bits, base64url) that starts with a letter or digit: a spreadsheet
 * opening the credentials CSV would read a leading '-' as a formula and mangle the password.
 */
function deviceSecret(): string {
  for (;;) {
    const secret = randomToken(18);
    if (/^[A-Za-z0-9]/.test(secret)) return secret;
  }
}

/** Maps with at most `limit` calls in flight; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function blankState(deviceId: string): DeviceStateRecord {
  return { deviceId, state: {}, status: 'unknown', rules: {} };
}

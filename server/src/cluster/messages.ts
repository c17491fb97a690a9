// The messages nodes send each other (one zod schema per channel, over cluster/channel.ts). They name
// what changed, not its contents: the receiver reads the store, which is the truth, so no record shape is
// defined twice. Van positions are the exception — live, never stored as such — and use the wire DTO.
import { z } from 'zod';
import { VanPosition } from '../contracts/dto';
import { defineChannel } from './channel';

const id = z.string().min(1).max(128);

/** Committed changes another node's books must learn: tickets, active alarms, vans, the registry. */
export const CHANGES = defineChannel(
  'changes',
  z.discriminatedUnion('kind', [
    /** A ticket was stored at this revision: nodes that hold an older one reload it. */
    z.object({ kind: z.literal('ticket'), id, rev: z.number().int().nonnegative() }),
    /** A device's active alarms changed (raised, cleared, acked). */
    z.object({ kind: z.literal('alarms'), deviceId: id }),
    /** A van's live position and status. */
    z.object({ kind: z.literal('van'), position: VanPosition }),
    /** A device's connection status changed on the node that handles it. */
    z.object({ kind: z.literal('status'), deviceId: id }),
    /** The duty roster changed: nodes read the days around today again (whom escalations notify). */
    z.object({ kind: z.literal('duty') }),
    /** A silence was created or ended: nodes read the silences again. */
    z.object({ kind: z.literal('silences') }),
    /** A road closure was created, ended or ran out: nodes read those in force again (their routes follow). */
    z.object({ kind: z.literal('road-closures') }),
    /** Something was registered: nodes load it from the store. */
    z.object({
      kind: z.literal('registered'),
      what: z.enum(['device', 'van', 'compound']),
      ids: z.array(id).max(100_000),
    }),
  ]),
);

/** Device connections across nodes: MQTT takeover, and commands to wherever the device is connected. */
export const DEVICES = defineChannel(
  'devices',
  z.discriminatedUnion('kind', [
    /**
     * The device connected to `node`: `previous`, the live node that had it, drops it (no will); every
     * other node (the timekeeper) stops handling it.
     */
    z.object({ kind: z.literal('claim'), deviceId: id, node: id, previous: id.optional(), claim: id }),
    /** The node that held the device dropped it and committed its writes: the claimant may load it. */
    z.object({ kind: z.literal('released'), deviceId: id, claim: id }),
    /** The device's secret changed or it was decommissioned: re-read it, drop its connection if you have it. */
    z.object({ kind: z.literal('revoke'), deviceId: id }),
    /** Deliver this command to the device, if it is connected to you. */
    z.object({
      kind: z.literal('command'),
      deviceId: id,
      node: id,
      payload: z.record(z.string(), z.unknown()),
    }),
  ]),
);

// A typed cross-node channel over Redis pub/sub: one zod schema per channel is its one wire format (the
// TypeScript type is inferred from it). Each message travels as `{from, body}` with the sender's node id,
// so a node ignores its own; a message that does not parse is dropped and counted, never thrown.
// Redis channel: `redsail:ch:<name>`. Pub/sub is at-most-once: what is published while a node's
// subscriber is disconnected does not reach it (it resubscribes on its own when Redis returns).
//
// Uses: "send this command to device X" to the node holding X's connection; "device X connected on
// node N" so the node that had it drops its connection (MQTT takeover across nodes).
import { z } from 'zod';
import type { Logger } from '../log';
import type { RedisClient } from './redis';

const PREFIX = 'redsail:ch:';
/** A publish that cannot be sent within this time fails instead of going out late. */
const PUBLISH_TIMEOUT_MS = 2_000;

export interface ChannelDef<S extends z.ZodType> {
  name: string;
  schema: S;
}

/** Declares a channel: its name and the schema of its messages, defined once for every node. */
export function defineChannel<S extends z.ZodType>(name: string, schema: S): ChannelDef<S> {
  return { name, schema };
}

export interface ChannelClients {
  command: RedisClient;
  subscriber: RedisClient;
}

export type ChannelHandler<T> = (body: T, meta: { from: string }) => void;

export class Channel<S extends z.ZodType> {
  /** Messages received that did not match the schema (or were not JSON). */
  dropped = 0;
  private readonly channel: string;
  private readonly envelope: z.ZodType<{ from: string; body: z.output<S> }>;

  constructor(
    private readonly clients: ChannelClients,
    private readonly def: ChannelDef<S>,
    private readonly nodeId: string,
    private readonly log?: Logger,
  ) {
    this.channel = PREFIX + def.name;
    this.envelope = z.object({ from: z.string().min(1), body: def.schema }) as unknown as z.ZodType<{
      from: string;
      body: z.output<S>;
    }>;
  }

  /** Publishes to every subscribed node; resolves with how many received it, rejects while Redis is down. */
  async publish(body: z.input<S>): Promise<number> {
    const checked: unknown = this.def.schema.parse(body);
    const wire = JSON.stringify({ from: this.nodeId, body: checked });
    return this.clients.command
      .withCommandOptions({ timeout: PUBLISH_TIMEOUT_MS })
      .publish(this.channel, wire);
  }

  /**
   * Calls handler for every valid message from another node (also this node's own when `own` is set).
   * Resolves once subscribed, with a function that unsubscribes.
   */
  async subscribe(
    handler: ChannelHandler<z.output<S>>,
    opts: { own?: boolean } = {},
  ): Promise<() => Promise<void>> {
    const listener = (message: string) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message);
      } catch {
        this.dropped++;
        return;
      }
      const result = this.envelope.safeParse(parsed);
      if (!result.success) {
        this.dropped++;
        return;
      }
      if (result.data.from === this.nodeId && !opts.own) return;
      try {
        handler(result.data.body, { from: result.data.from });
      } catch (err) {
        this.log?.error({ err, channel: this.def.name }, 'cross-node message handler failed');
      }
    };
    await this.clients.subscriber.subscribe(this.channel, listener);
    return () => this.clients.subscriber.unsubscribe(this.channel, listener);
  }
}

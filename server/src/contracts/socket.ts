// Socket.IO events (api.md "Socket.IO"), one typed map for server, console and tests.
import { z } from 'zod';
import type {
  AlarmDto,
  CommandAckEvent,
  DeviceStateEvent,
  DeviceStatusEvent,
  TicketDto,
  TicketEscalatedEvent,
  RoadClosureDto,
  HandoverDto,
  VanPosition,
} from './dto';

export interface ServerToClientEvents {
  'alarm:raised': (alarm: AlarmDto) => void;
  'alarm:updated': (alarm: AlarmDto) => void;
  'alarm:cleared': (alarm: AlarmDto) => void;
  'ticket:created': (ticket: TicketDto) => void;
  'ticket:updated': (ticket: TicketDto) => void;
  /** Beyond the contract's table (api.md v1.1 "Escalation"): a ticket not accepted in time went up a level. */
  'ticket:escalated': (e: TicketEscalatedEvent) => void;
  'device:status': (e: z.infer<typeof DeviceStatusEvent>) => void;
  'device:state': (e: z.infer<typeof DeviceStateEvent>) => void;
  /**
   * Beyond the contract: the same feed as `device:state`, one array per 250 ms window, instead of
   * `device:state`, for a client that asks with handshake `auth.deviceStates = 'batched'` (the console
   * does: one frame per window, however many devices changed).
   */
  'device:states': (states: z.infer<typeof DeviceStateEvent>[]) => void;
  'command:ack': (e: z.infer<typeof CommandAckEvent>) => void;
  /**
   * Batched: only vans that changed, one event per 250 ms window. Beyond the contract, a client may ask
   * for a shorter window with handshake `auth.vanPositionsMs` (one of VAN_POSITION_WINDOWS_MS).
   */
  'van:positions': (positions: VanPosition[]) => void;
  /** Beyond the contract (api.md v1.1 roads): the road closures in force changed; here they all are. */
  'road-closures': (closures: RoadClosureDto[]) => void;
  /** Beyond the contract (api.md v1.1 handover): a shift handover was written / signed off. */
  'handover:created': (handover: HandoverDto) => void;
  'handover:acked': (handover: HandoverDto) => void;
  /** To the technicians of one van only: the ticket they are dispatched to. */
  assignment: (ticket: TicketDto) => void;
  /**
   * Beyond the contract (cluster mode): this node may have missed events of the other nodes (its link
   * to them was down); reload the snapshot.
   */
  resync: () => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

/** Rooms: every non-technician role joins `all`; a technician joins `van:<id>`. */
export const ROOM_ALL = 'all';
/** Within `all`: who gets device states one event per device, and who gets them batched. */
export const ROOM_STATES_SINGLE = 'states:single';
export const ROOM_STATES_BATCHED = 'states:batched';
/** The handshake value of `auth.deviceStates` that asks for `device:states` batches. */
export const BATCHED_STATES = 'batched';
export const vanRoom = (vanId: string) => `van:${vanId}`;

/**
 * The `van:positions` windows a client may ask for with handshake `auth.vanPositionsMs`; the last is the
 * default (the contract's "a few times a second"). Shorter windows are for clients that want vans live
 * (a position waits at most one window), at the cost of more, smaller frames.
 */
export const VAN_POSITION_WINDOWS_MS = [50, 100, 250] as const;
export type VanPositionWindowMs = (typeof VAN_POSITION_WINDOWS_MS)[number];
export const DEFAULT_VAN_POSITIONS_MS: VanPositionWindowMs = 250;
/** Within `all`: the members that get `van:positions` every `ms`. */
export const roomPositions = (ms: VanPositionWindowMs) => `positions:${ms}`;

/** The handshake's `auth` object (socket.io-client `io(url, { auth })`); unknown keys are ignored. */
export const SocketAuth = z.object({
  /** The session token; without it the console's cookie is used. */
  token: z.string().optional(),
  deviceStates: z
    .literal(BATCHED_STATES, { error: `auth.deviceStates must be '${BATCHED_STATES}' or absent` })
    .optional(),
  vanPositionsMs: z
    .literal(VAN_POSITION_WINDOWS_MS, {
      error: `auth.vanPositionsMs must be one of ${VAN_POSITION_WINDOWS_MS.join(', ')} (milliseconds)`,
    })
    .optional()
    .default(DEFAULT_VAN_POSITIONS_MS),
});
export type SocketAuth = z.input<typeof SocketAuth>;

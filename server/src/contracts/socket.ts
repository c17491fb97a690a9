// Socket.IO events (api.md "Socket.IO"), one typed map for server, console and tests.
import type { z } from 'zod';
import type {
  AlarmDto,
  CommandAckEvent,
  DeviceStateEvent,
  DeviceStatusEvent,
  TicketDto,
  VanPosition,
} from './dto';

export interface ServerToClientEvents {
  'alarm:raised': (alarm: AlarmDto) => void;
  'alarm:updated': (alarm: AlarmDto) => void;
  'alarm:cleared': (alarm: AlarmDto) => void;
  'ticket:created': (ticket: TicketDto) => void;
  'ticket:updated': (ticket: TicketDto) => void;
  'device:status': (e: z.infer<typeof DeviceStatusEvent>) => void;
  'device:state': (e: z.infer<typeof DeviceStateEvent>) => void;
  /**
   * Beyond the contract: the same feed as `device:state`, one array per 250 ms window, instead of
   * `device:state`, for a client that asks with handshake `auth.deviceStates = 'batched'` (the console
   * does: one frame per window, however many devices changed).
   */
  'device:states': (states: z.infer<typeof DeviceStateEvent>[]) => void;
  'command:ack': (e: z.infer<typeof CommandAckEvent>) => void;
  /** Batched: only vans that changed, at most a few times a second. */
  'van:positions': (positions: VanPosition[]) => void;
  /** To the technicians of one van only: the ticket they are dispatched to. */
  assignment: (ticket: TicketDto) => void;
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

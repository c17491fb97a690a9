// The `road-closures` socket event: after every change of this node's list of closures in force (one
// made or ended here, one run out, a reload after another node's change), the whole list goes to this
// node's own consoles in `all`. Every node tells only its own, so each console hears it once, and it
// hears the list of the node it is connected to.
import type { Server } from 'socket.io';
import { ROOM_ALL, type ClientToServerEvents, type ServerToClientEvents } from '../contracts/socket';
import { roadClosureDto } from '../mappers';
import type { RoadClosureService } from '../services/road-closures';

export function announceRoadClosures(
  io: Server<ClientToServerEvents, ServerToClientEvents>,
  closures: Pick<RoadClosureService, 'onChange'>,
): void {
  closures.onChange((list) => io.local.to(ROOM_ALL).emit('road-closures', list.map(roadClosureDto)));
}

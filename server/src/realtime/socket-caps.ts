// Caps on live Socket.IO connections per user and per remote address, so one login or one host cannot
// hold an unbounded number of sockets (each costs memory and a share of every broadcast).
import type { Socket } from 'socket.io';

export class SocketCaps {
  private readonly byUser = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly perUser: number,
    private readonly perAddress: number,
  ) {}

  /**
   * Counts the socket against its user and address and returns undefined, or returns why it is refused.
   * A counted socket is released when it disconnects.
   */
  admit(socket: Pick<Socket, 'handshake' | 'once'>, username: string): string | undefined {
    const address = socket.handshake.address;
    if ((this.byUser.get(username) ?? 0) >= this.perUser) {
      return `too_many_sockets: ${username} already has ${this.perUser} live connections`;
    }
    if ((this.byAddress.get(address) ?? 0) >= this.perAddress) {
      return `too_many_sockets: this address already has ${this.perAddress} live connections`;
    }
    bump(this.byUser, username, 1);
    bump(this.byAddress, address, 1);
    socket.once('disconnect', () => {
      bump(this.byUser, username, -1);
      bump(this.byAddress, address, -1);
    });
    return undefined;
  }
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n > 0) m.set(key, n);
  else m.delete(key);
}

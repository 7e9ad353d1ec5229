// A socket's peer address and port, read without changing the socket: Node's
// own `socket.remoteAddress` getter stores what it read on the socket
// (`_peername`), which some libraries' tests observe. Read from the handle
// instead and kept in a WeakMap (one read per connection, not per request).
import type { Socket } from 'node:net';

export interface Peer {
  address?: string;
  port?: number;
}

const NONE: Peer = {};
const peers = new WeakMap<object, Peer>();

interface SocketInternals {
  _peername?: Peer;
  _handle?: { getpeername?: (out: Peer) => number } | null;
  connecting?: boolean;
}

export function peerOf(socket: Socket | null | undefined): Peer {
  if (socket == null) return NONE;
  const known = peers.get(socket);
  if (known !== undefined) return known;
  const s = socket as unknown as SocketInternals;
  if (s._peername) return s._peername;
  const handle = s._handle;
  if (handle == null || typeof handle.getpeername !== 'function' || s.connecting) return NONE;
  const out: Peer = {};
  if (handle.getpeername(out) !== 0) return out;
  peers.set(socket, out);
  return out;
}

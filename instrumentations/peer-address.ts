// Reads a socket's peer address and port without leaving a trace on the socket
// (issue 21; docs/library-suites.md). net.Socket's remoteAddress / remotePort /
// remoteFamily getters call socket._getpeername(), which, while the socket is
// open, asks the OS and caches the answer in socket._peername. After the socket
// closes, only that cache answers: an app (hapi's request.info.remoteAddress)
// that reads the address after the client left gets `undefined` without the
// agent, but the address the agent's span read earlier with it. So every read
// of a peer address by the agent (HTTP server and client spans) goes through
// here: it reads through the public getters (whatever the socket is: net, TLS,
// a wrapped or mocked one) and then puts the cache back as it was.
export interface PeerAddress {
  address: string | undefined;
  port: number | undefined;
}

const NONE: PeerAddress = Object.freeze({ address: undefined, port: undefined }) as PeerAddress;

/** The peer's address and port as the socket's getters answer now; the socket is left as it was. Never throws. */
export function readPeerAddress(socket: unknown): PeerAddress {
  if (socket === null || typeof socket !== 'object') return NONE;
  const s = socket as { _peername?: unknown; remoteAddress?: unknown; remotePort?: unknown };
  let had: boolean;
  let before: unknown;
  try {
    had = Object.prototype.hasOwnProperty.call(s, '_peername');
    before = s._peername;
  } catch {
    return NONE; // a proxy or exotic object that refuses to be looked at
  }
  try {
    const address = s.remoteAddress;
    const port = s.remotePort;
    return { address: typeof address === 'string' ? address : undefined, port: typeof port === 'number' ? port : undefined };
  } catch {
    return NONE;
  } finally {
    // Only a cache our read created is undone; one that was there (the app or
    // Node read the address before) stays, it is what the app would see anyway.
    if (!before) {
      try {
        if (s._peername !== before) {
          if (had) s._peername = before;
          else delete s._peername;
        }
      } catch {
        // nothing to undo on a socket that refuses it
      }
    }
  }
}

import type { Socket } from 'node:net';
import type * as Undici from 'undici';

type Connector = Undici.buildConnector.connector;
type ConnectOptions = Undici.buildConnector.Options;

/** One origin's idle warm connections are kept under this key. */
const keyOf = (o: { protocol: string; hostname: string; port: string }): string =>
  `${o.protocol}//${o.hostname}:${o.port}`;

/** What undici's Client hands its connector for `origin` (an IPv6 host without brackets). */
function connectOptions(origin: string): ConnectOptions {
  const url = new URL(origin);
  const bracketed = url.hostname.startsWith('[');
  return {
    host: url.host,
    hostname: bracketed ? url.hostname.slice(1, -1) : url.hostname,
    protocol: url.protocol,
    port: url.port,
  };
}

interface Kept {
  socket: Socket;
  onError: () => void;
  onClose: () => void;
}

/**
 * Connections opened before the requests that will use them (`bench --trace`: a replay's first
 * sends must not each open a connection on the send path, nor count the handshake in their
 * latency). They are opened with undici's own connector, the one its pools use otherwise (the
 * same TCP or TLS options, the same TLS session cache), and handed to undici through the
 * `connect` option of its Agent: a pool that needs a connection for an origin takes an idle
 * warm one when there is one and opens a new one when not. An idle warm connection does not
 * keep the process alive, and one the server closes meanwhile is forgotten.
 */
export class WarmSockets {
  readonly #open: Connector;
  readonly #idle = new Map<string, Kept[]>();

  constructor(open: Connector) {
    this.#open = open;
  }

  /** The connector for undici's Agent. */
  readonly connector: Connector = (options, callback) => {
    const socket = this.#take(keyOf(options));
    if (!socket) return this.#open(options, callback);
    // undici expects the callback after the call returns, as a new connection gives it.
    queueMicrotask(() => callback(null, socket));
  };

  /** Idle warm connections to `origin` (e.g. `https://gw.example:8443`). */
  idle(origin: string): number {
    return this.#idle.get(keyOf(connectOptions(origin)))?.length ?? 0;
  }

  /**
   * Opens up to `count` connections to `origin` at once and keeps those that opened; resolves
   * with how many did. Never rejects: a connection that fails is simply not kept (the request
   * that would have used it opens its own and meets the same error there).
   */
  async open(origin: string, count: number): Promise<number> {
    const options = connectOptions(origin);
    const one = (): Promise<Socket | undefined> =>
      new Promise((resolve) => {
        try {
          this.#open(options, (err, socket) => resolve(err ? undefined : (socket ?? undefined)));
        } catch {
          resolve(undefined);
        }
      });
    const opened = await Promise.all(Array.from({ length: Math.max(0, count) }, one));
    let kept = 0;
    for (const socket of opened) {
      if (!socket) continue;
      this.#keep(keyOf(options), socket);
      kept += 1;
    }
    return kept;
  }

  /** Closes every idle warm connection. */
  close(): void {
    for (const list of this.#idle.values()) {
      for (const k of list.splice(0)) k.socket.destroy();
    }
    this.#idle.clear();
  }

  #keep(key: string, socket: Socket): void {
    let list = this.#idle.get(key);
    if (!list) this.#idle.set(key, (list = []));
    const kept: Kept = {
      socket,
      onError: () => undefined,
      onClose: () => {
        const at = list.indexOf(kept);
        if (at >= 0) list.splice(at, 1);
      },
    };
    socket.on('error', kept.onError);
    socket.once('close', kept.onClose);
    socket.unref();
    list.push(kept);
  }

  #take(key: string): Socket | undefined {
    const list = this.#idle.get(key);
    while (list && list.length > 0) {
      const k = list.shift() as Kept;
      k.socket.off('error', k.onError);
      k.socket.off('close', k.onClose);
      if (!k.socket.destroyed && k.socket.readyState === 'open') {
        k.socket.ref();
        return k.socket;
      }
      k.socket.destroy();
    }
    return undefined;
  }
}

import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** One chat request as the out-of-process gateway saw it. */
export interface Arrival {
  /** Epoch ms (sub-ms precision) when its headers arrived at the gateway. */
  at: number;
  /** The request's max_tokens (a trace's output_length: tells the requests apart). */
  maxTokens: number | null;
  /** The first request on its connection (the client opened the connection to send it). */
  fresh: boolean;
}

export interface ArrivalGateway {
  /** Base URL (`http://127.0.0.1:PORT/v1`). */
  url: string;
  /** Every chat request so far, in arrival order. */
  arrivals(): Promise<Arrival[]>;
  close(): Promise<void>;
}

/**
 * Starts arrival-gateway.mjs in its own node process on 127.0.0.1 (port 0): a gateway whose
 * clock and event loop are not the client's, so arrival times measure what went on the wire.
 */
export async function startArrivalGateway(): Promise<ArrivalGateway> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'arrival-gateway.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('arrival gateway did not start')), 10_000);
    child.once('error', reject);
    child.stdout.once('data', (d: Buffer) => {
      clearTimeout(timer);
      resolve((JSON.parse(d.toString()) as { port: number }).port);
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/v1`,
    arrivals: async () => (await (await fetch(`${origin}/arrivals`)).json()) as Arrival[],
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }),
  };
}

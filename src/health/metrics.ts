import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { UsageError } from '../core/errors.js';
import type { WatchTracker } from './watch-tracker.js';
import { isAvailable, type ProbeResult } from './types.js';

/** Latency buckets (seconds) from a fast 1-token answer to a probe timeout. */
const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

export interface MetricsServer {
  /** `http://127.0.0.1:PORT/metrics` */
  url: string;
  record(results: readonly ProbeResult[], tracker: WatchTracker): void;
  close(): Promise<void>;
}

/**
 * Prometheus metrics for `health --watch`, on a dedicated prom-client Registry (never the
 * global one) served at `/metrics`. prom-client is loaded here only, so runs without
 * `--metrics-port` never load it.
 */
export async function startMetrics(opts: { port: number; host: string }): Promise<MetricsServer> {
  const prom = await import('prom-client');
  const registry: Registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry });
  const metrics = probeMetrics(prom, registry);
  const sockets = new Set<Socket>();
  const server = metricsServer(registry);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await listen(server, opts);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}/metrics`,
    record(results, tracker) {
      for (const r of results) {
        if (r.cancelled) continue;
        metrics.up.set({ model: r.model }, isAvailable(r.status) ? 1 : 0);
        if (r.latencyMs !== undefined) {
          metrics.latency.observe({ model: r.model }, r.latencyMs / 1000);
        }
        if (r.status === 'down') {
          metrics.failures.inc({ model: r.model, class: r.cls ?? 'unknown' });
        }
        metrics.consecutive.set({ model: r.model }, tracker.get(r.model)?.consecutiveFailures ?? 0);
      }
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

type PromClient = typeof import('prom-client');

interface ProbeMetrics {
  up: Gauge<'model'>;
  latency: Histogram<'model'>;
  failures: Counter<'model' | 'class'>;
  consecutive: Gauge<'model'>;
}

function probeMetrics(prom: PromClient, registry: Registry): ProbeMetrics {
  return {
    up: new prom.Gauge({
      name: 'shepherd_probe_up',
      help: 'Whether the last probe of the model answered (1: up or degraded, 0: down)',
      labelNames: ['model'],
      registers: [registry],
    }),
    latency: new prom.Histogram({
      name: 'shepherd_probe_latency_seconds',
      help: 'Probe latency: dispatch to the complete answer',
      labelNames: ['model'],
      buckets: BUCKETS,
      registers: [registry],
    }),
    failures: new prom.Counter({
      name: 'shepherd_probe_failures_total',
      help: 'Probes that found the model down, by failure class',
      labelNames: ['model', 'class'],
      registers: [registry],
    }),
    consecutive: new prom.Gauge({
      name: 'shepherd_consecutive_failures',
      help: 'Consecutive failed probes of the model (0 after an answer)',
      labelNames: ['model'],
      registers: [registry],
    }),
  };
}

/** GET /metrics from the registry; 404 naming /metrics for anything else. */
function metricsServer(registry: Registry): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`cannot collect metrics: ${String(err)}\n`);
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('shepherd health: metrics are at /metrics\n');
  });
}

function listen(server: Server, opts: { port: number; host: string }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new UsageError(
              `--metrics-port ${opts.port}: the port is in use; pick another (0 picks a free one)`,
            )
          : err.code === 'EACCES'
            ? new UsageError(
                `--metrics-port ${opts.port}: needs more privileges; use a port above 1023`,
              )
            : new UsageError(
                `--metrics-host ${opts.host}: cannot listen there (${err.message}); give an address of this machine, e.g. 127.0.0.1 or 0.0.0.0`,
              ),
      );
    });
    server.listen(opts.port, opts.host, () => resolve());
  });
}

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenLoopback } from '../helpers/loopback-server.js';
import { useChatEnv } from '../helpers/chat-env.js';

const env = useChatEnv();
const fail503 = { type: 'server_error' as const, status: 503 as const };
const down503 = { faults: [{ ...fail503, probability: 1 }] };
/** a: up, then down for 3 rounds, then up for good. */
const outage = { script: ['ok' as const, fail503, fail503, fail503] };

/** A webhook receiver on 127.0.0.1:0 that records every JSON body. */
async function receiver(status = 200): Promise<{ url: string; bodies: Record<string, any>[] }> {
  const bodies: Record<string, any>[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      bodies.push({ ...JSON.parse(raw), _path: req.url, _type: req.headers['content-type'] });
      res.writeHead(status);
      res.end('ok');
    });
  });
  const port = await listenLoopback(server);
  return { url: `http://127.0.0.1:${port}/hooks/SECRET-TOKEN`, bodies };
}

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const watchArgs = ['health', '--watch', '--interval', '20ms', '--alert-after', '2'];

describe('shepherd health --watch', () => {
  it('a model that goes down then recovers: change lines, ALERT and RECOVERED exactly once', async () => {
    const e = await env({ a: outage }, { config: { health: { recoverAfter: 2 } } });
    const r = await e.run([...watchArgs, '--count', '8', 'a', 'b']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const events = lines.filter((l) => /^\d{4}-\d\d-\d\dT/.test(l)).map((l) => l.slice(25));
    expect(events).toEqual([
      expect.stringMatching(/^a: up \(\d+ ms\)$/),
      expect.stringMatching(/^b: up \(\d+ ms\)$/),
      expect.stringMatching(/^a: up -> down \(server_error, HTTP 503\): HTTP 503 from a/),
      expect.stringMatching(/^ALERT a: down for 2 consecutive probes \(server_error, HTTP 503\)/),
      expect.stringMatching(/^a: down -> up \(\d+ ms\)$/),
      expect.stringMatching(
        /^RECOVERED a: up for 2 consecutive probes \(\d+ ms\); 3 probes failed during the outage$/,
      ),
    ]);
    expect(r.stdout).toMatch(/watch ended after 8 rounds: 1 alert, 1 recovery; probe cost/);
    expect(r.stderr).toMatch(/round 8: 2 up, 0 degraded, 0 down/);
    expect(e.count('a')).toBe(8);
  });

  it('--json: one object per line (events, rounds, summary); the webhook gets ALERT and RECOVERED', async () => {
    const e = await env({ a: outage });
    const hook = await receiver();
    const r = await e.run([
      ...watchArgs,
      '--recover-after',
      '2',
      '--count',
      '7',
      '--json',
      '--webhook',
      hook.url,
      'a',
    ]);
    expect(r.code).toBe(0);
    const objs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(objs.every((o) => o.schema === 'shepherd.health/v1')).toBe(true);
    expect(objs.filter((o) => o.event === 'round').map((o) => o.round)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    const alert = objs.find((o) => o.event === 'alert')!;
    expect(alert).toMatchObject({
      model: 'a',
      status: 'down',
      class: 'server_error',
      http_status: 503,
      consecutive_failures: 2,
      round: 3,
    });
    const recovered = objs.find((o) => o.event === 'recovered')!;
    expect(recovered).toMatchObject({
      model: 'a',
      status: 'up',
      consecutive_successes: 2,
      failed_probes: 3,
    });
    expect(objs.filter((o) => o.event === 'change').map((o) => [o.from, o.status])).toEqual([
      [null, 'up'],
      ['up', 'down'],
      ['down', 'up'],
    ]);
    const last = objs[objs.length - 1]!;
    expect(last).toMatchObject({
      event: 'summary',
      rounds: 7,
      alerts: 1,
      recoveries: 1,
      require_met: true,
    });
    expect(hook.bodies.map((b) => b.event)).toEqual(['alert', 'recovered']);
    expect(hook.bodies[0]).toMatchObject({
      model: 'a',
      class: 'server_error',
      _type: 'application/json',
    });
    expect(hook.bodies[0]!.text).toMatch(
      /^shepherd health: ALERT a: down for 2 consecutive probes/,
    );
    expect(hook.bodies[1]!.text).toMatch(/^shepherd health: RECOVERED a/);
  });

  it('a dead webhook never crashes the watch: a warning naming only the origin', async () => {
    const e = await env({ a: down503 });
    const port = await deadPort();
    const r = await e.run([
      ...watchArgs,
      '--count',
      '3',
      '--webhook',
      `http://127.0.0.1:${port}/hooks/SECRET-TOKEN`,
      'a',
    ]);
    expect(r.code).toBe(1); // --require all not met in the last round
    expect(r.stdout).toMatch(/ALERT a: down for 2 consecutive probes/);
    expect(r.stderr).toMatch(
      new RegExp(`warning: webhook http://127.0.0.1:${port} failed for the ALERT for a`),
    );
    expect(r.stderr).not.toContain('SECRET-TOKEN');
    expect(r.stderr).toMatch(/--require all not met/);
  });

  it('a webhook answering 500 is a warning too', async () => {
    const e = await env({ a: down503 });
    const hook = await receiver(500);
    const r = await e.run([...watchArgs, '--count', '2', '--webhook', hook.url, 'a']);
    expect(r.code).toBe(1);
    expect(hook.bodies).toHaveLength(1);
    expect(r.stderr).toMatch(
      /webhook http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 to the ALERT for a/,
    );
  });

  it('Ctrl-C stops at once (not after the interval), prints a last summary, exits 130', async () => {
    const e = await env({ a: down503 });
    const controller = new AbortController();
    const run = e.start(['health', '--watch', '--interval', '30s', 'a', 'b'], {
      signal: controller.signal,
    });
    await waitFor(() => run.stderr.text.includes('round 1:'));
    const t0 = Date.now();
    controller.abort();
    const r = await run.done;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/^a\s+down/m);
    expect(r.stdout).toMatch(/watch interrupted after 1 round: 0 alerts, 0 recoveries/);
    expect(r.stderr).toMatch(/interrupted after 1 round/);
  });

  it('Ctrl-C during the first round still prints a summary with what it has', async () => {
    const e = await env({ b: { faults: [{ type: 'no_answer', probability: 1 }] } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const r = await e.run(['health', '--watch', '--json', 'a', 'b'], { signal: controller.signal });
    expect(r.code).toBe(130);
    const last = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(last).toMatchObject({ event: 'summary', rounds: 0, interrupted: true });
    expect(last.models.map((m: any) => m.status)).toEqual(['up', 'down']);
  });
});

describe('shepherd health --watch --metrics-port', () => {
  it('serves the series with the right values during the watch, on loopback, and closes on exit', async () => {
    const e = await env({ a: down503 });
    const controller = new AbortController();
    const run = e.start(
      ['health', '--watch', '--interval', '30s', '--metrics-port', '0', 'a', 'b'],
      { signal: controller.signal },
    );
    await waitFor(() => run.stderr.text.includes('round 1:'));
    const url = /serving Prometheus metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(
      run.stderr.text,
    )?.[1];
    expect(url).toBeDefined();
    const res = await fetch(url!);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const value = (series: string): number | undefined => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    expect(value('shepherd_probe_up{model="a"}')).toBe(0);
    expect(value('shepherd_probe_up{model="b"}')).toBe(1);
    expect(value('shepherd_probe_failures_total{model="a",class="server_error"}')).toBe(1);
    expect(text).not.toMatch(/shepherd_probe_failures_total\{model="b"/);
    expect(value('shepherd_consecutive_failures{model="a"}')).toBe(1);
    expect(value('shepherd_consecutive_failures{model="b"}')).toBe(0);
    expect(value('shepherd_probe_latency_seconds_count{model="a"}')).toBe(1);
    expect(value('shepherd_probe_latency_seconds_count{model="b"}')).toBe(1);
    expect(value('shepherd_probe_latency_seconds_bucket{le="+Inf",model="b"}')).toBe(1);
    expect(text).toMatch(/^# TYPE shepherd_probe_latency_seconds histogram$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    controller.abort();
    expect((await run.done).code).toBe(130);
    await expect(fetch(url!)).rejects.toThrow();
  });

  it('--quiet still prints the URL of --metrics-port 0 (the only way to learn the port)', async () => {
    const e = await env();
    const r = await e.run([
      '--quiet',
      'health',
      '--watch',
      '--count',
      '1',
      '--metrics-port',
      '0',
      'a',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^serving Prometheus metrics on http:\/\/127\.0\.0\.1:\d+\/metrics$/m);
    expect(r.stderr).not.toMatch(/round 1:/);
  });

  it('consecutive failures count up across rounds', async () => {
    const e = await env({ a: down503 });
    const controller = new AbortController();
    const run = e.start(['health', '--watch', '--interval', '700ms', '--metrics-port', '0', 'a'], {
      signal: controller.signal,
    });
    await waitFor(() => run.stderr.text.includes('round 3:'));
    const url = /on (http:\/\/\S+\/metrics)/.exec(run.stderr.text)![1]!;
    const text = await (await fetch(url)).text();
    expect(text).toMatch(/^shepherd_consecutive_failures\{model="a"\} 3$/m);
    expect(text).toMatch(/^shepherd_probe_failures_total\{model="a",class="server_error"\} 3$/m);
    controller.abort();
    await run.done;
  });

  it('--metrics-host without --metrics-port, or --metrics-port without --watch, is a usage error', async () => {
    const e = await env();
    const host = await e.run(['health', '--watch', '--metrics-host', '0.0.0.0']);
    expect(host.code).toBe(2);
    expect(host.stderr).toMatch(/--metrics-host only works with --metrics-port/);
    const port = await e.run(['health', '--metrics-port', '0']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--metrics-port only works with --watch/);
    expect(e.sim.log).toHaveLength(0);
  });

  it('a metrics port in use is a usage error before any probe', async () => {
    const e = await env();
    const busy = createServer();
    const port = await listenLoopback(busy);
    const r = await e.run(['health', '--watch', '--count', '1', '--metrics-port', String(port)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--metrics-port \d+: the port is in use/);
    expect(e.sim.log).toHaveLength(0);
  });

  it('a metrics host that is not an address of this machine is a usage error saying what to give', async () => {
    const e = await env();
    // 192.0.2.1 (TEST-NET-1) is on no interface here: the bind fails locally, nothing is sent.
    const r = await e.run([
      'health',
      '--watch',
      '--count',
      '1',
      '--metrics-port',
      '0',
      '--metrics-host',
      '192.0.2.1',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--metrics-host 192\.0\.2\.1: cannot listen there .*e\.g\. 127\.0\.0\.1/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(e.sim.log).toHaveLength(0);
  });
});

import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listenLoopback } from '../helpers/loopback-server.js';
import { useChatEnv } from '../helpers/chat-env.js';
import { parseXml, type XmlElement } from './xml.js';
import { memoryIo } from '../../src/cli/io.js';
import { writeCiOutputs } from '../../src/cli/health/ci-outputs.js';
import type { ProbeResult } from '../../src/health/types.js';

const env = useChatEnv();
const down503 = {
  faults: [{ type: 'server_error' as const, status: 503 as const, probability: 1 }],
};
const ISO_NO_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
const DECIMAL = /^\d+(\.\d+)?$/;

describe('shepherd health --junit', () => {
  it('writes JUnit XML of the usual shape: one testcase per model, a failure per down model', async () => {
    const e = await env({ a: down503, c: { ttftMs: 150 } });
    const weird = 'x<&"y\'>';
    const r = await e.run([
      'health',
      '--max-latency',
      '100ms',
      '--junit',
      'reports/health.xml',
      'a',
      'b',
      'c',
      weird,
    ]);
    expect(r.code).toBe(1);
    const text = readFileSync(join(e.home, 'reports/health.xml'), 'utf8');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const root = parseXml(text);
    expect(root.name).toBe('testsuites');
    expect(root.children.map((c) => c.name)).toEqual(['testsuite']);
    const suite = root.children[0]!;
    expect(suite.attrs).toMatchObject({
      name: 'shepherd health',
      tests: '4',
      failures: '2',
      errors: '0',
      skipped: '0',
    });
    expect(suite.attrs.time).toMatch(DECIMAL);
    expect(suite.attrs.timestamp).toMatch(ISO_NO_ZONE);
    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual(['a', 'b', 'c', weird]);
    for (const c of cases) {
      expect(c.attrs.classname).toBe('shepherd.health');
      expect(c.attrs.time).toMatch(DECIMAL);
    }
    const failure = (c: XmlElement) => c.children.find((x) => x.name === 'failure');
    expect(failure(cases[0]!)?.attrs).toMatchObject({
      type: 'server_error',
      message: 'a down (server_error, HTTP 503)',
    });
    expect(failure(cases[0]!)?.text).toMatch(/HTTP 503 from a/);
    expect(failure(cases[1]!)).toBeUndefined();
    expect(failure(cases[2]!)).toBeUndefined(); // degraded passes, with the reason in system-out
    expect(cases[2]!.children.find((x) => x.name === 'system-out')?.text).toMatch(/^degraded: /);
    expect(failure(cases[3]!)?.attrs.type).toBe('not_found');
  });

  it('--watch writes the report of the last round at the end', async () => {
    const e = await env();
    const r = await e.run([
      'health',
      '--watch',
      '--interval',
      '10ms',
      '--count',
      '2',
      '--junit',
      'h.xml',
    ]);
    expect(r.code).toBe(0);
    const suite = parseXml(readFileSync(join(e.home, 'h.xml'), 'utf8')).children[0]!;
    expect(suite.attrs).toMatchObject({ tests: '3', failures: '0' });
  });
});

describe('shepherd health --junit and Ctrl-C', () => {
  it('a probe cut by Ctrl-C is <skipped>, not a failure, and gets no ::error annotation', async () => {
    const e = await env({ a: { faults: [{ type: 'no_answer', probability: 1 }] } });
    const controller = new AbortController();
    const running = e.start(['health', '--junit', 'h.xml', 'a'], {
      signal: controller.signal,
      env: { GITHUB_ACTIONS: 'true' },
    });
    // Ctrl-C once a waits for an answer that never comes.
    for (let i = 0; i < 500 && !e.sim.log.some((x) => x.model === 'a'); i++)
      await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const r = await running.done;
    expect(r.code).toBe(130);
    const suite = parseXml(readFileSync(join(e.home, 'h.xml'), 'utf8')).children[0]!;
    expect(suite.attrs).toMatchObject({ tests: '1', failures: '0', skipped: '1' });
    const a = suite.children.find((c) => c.name === 'testcase')!;
    expect(a.children.map((c) => c.name)).toEqual(['skipped']);
    expect(a.children[0]!.attrs.message).toMatch(/cancelled/);
    expect(r.stdout).not.toContain('::error');
  });

  it('the report replaces an old one whole: a reader never sees it empty or half written', async () => {
    const home = mkdtempSync(join(tmpdir(), 'shepherd-junit-'));
    const file = join(home, 'h.xml');
    writeFileSync(file, 'OLD REPORT');
    const io = memoryIo({ cwd: home });
    const now = Date.now();
    const results: ProbeResult[] = Array.from({ length: 2000 }, (_, i) => ({
      model: `model-${i}`,
      modelId: `model-${i}`,
      gateway: 'default',
      status: 'up',
      latencyMs: 5,
      costUsd: 0,
      checkedAt: now,
    }));
    const seen = new Set<string>();
    let done = false;
    const writing = writeCiOutputs(
      io,
      results,
      {
        probe: 'models',
        checkedAt: now,
        durationMs: 5,
        verdict: { met: true, available: 2000, total: 2000, message: '' },
        json: false,
        junit: 'h.xml',
      },
      () => undefined,
    ).finally(() => (done = true));
    // Read the file on every turn of the event loop while the write is under way (bounded).
    for (let i = 0; i < 10_000 && !done; i++) {
      const text = readFileSync(file, 'utf8');
      seen.add(
        text === 'OLD REPORT' ? 'old' : text.endsWith('</testsuites>\n') ? 'new' : 'partial',
      );
      await new Promise((r) => setImmediate(r));
    }
    await writing;
    expect(seen.has('partial')).toBe(false);
    expect(readFileSync(file, 'utf8')).toMatch(/tests="2000"/);
    expect(readdirSync(home)).toEqual(['h.xml']);
  });
});

describe('shepherd health under GitHub Actions', () => {
  it('appends a Markdown table to $GITHUB_STEP_SUMMARY and prints ::error lines for down models', async () => {
    const e = await env({ a: down503 });
    const summary = join(e.home, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const gha = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const r = await e.run(['health'], { env: gha });
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^::error title=shepherd health%3A a down::model down: a \(server_error, HTTP 503\): HTTP 503 from a/,
      ),
    ]);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n')).toBe(true);
    expect(md).toContain('| model | status | latency (ms) | HTTP | class | detail |');
    expect(md).toMatch(/\| a \| down \| \d+ \| 503 \| server_error \| HTTP 503 from a/);
    expect(md).toMatch(/\| b \| up \| \d+ \| 200 \| - \|/);
    expect(md).toMatch(/--require all not met/);
  });

  it('with --json the annotations go to stderr so stdout stays one JSON document', async () => {
    const e = await env({ a: down503 });
    const summary = join(e.home, 'step-summary.md');
    const r = await e.run(['health', '--json'], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(JSON.parse(r.stdout).schema).toBe('shepherd.health/v1');
    expect(r.stderr).toMatch(/^::error title=shepherd health%3A a down::model down: a/m);
    expect(readFileSync(summary, 'utf8')).toContain('| a | down |');
  });

  it('nothing GitHub-specific without GITHUB_ACTIONS=true', async () => {
    const e = await env({ a: down503 });
    const r = await e.run(['health'], { env: { GITHUB_STEP_SUMMARY: join(e.home, 's.md') } });
    expect(r.stdout).not.toContain('::error');
    expect(() => readFileSync(join(e.home, 's.md'))).toThrow();
  });
});

describe('shepherd health with several keys', () => {
  const GOOD = 'sk-test.FAKE-health-0123456789abcdefWXYZ';
  const BAD = 'sk-test.FAKE-wrong-9876543210zyxwvuQRST';

  it('a key the gateway rejects is set aside and the probe moves to the next key, as chat does', async () => {
    const e = await env({}, { apiKeys: [GOOD] });
    const keys = { env: { SHEPHERD_API_KEYS: `${BAD},${GOOD}` } };
    for (const probe of ['completion', 'models']) {
      e.sim.reset();
      const r = await e.run(['health', '--probe', probe, '--json'], keys);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as { models: { status: string }[] };
      expect(doc.models.map((m) => m.status)).toEqual(['up', 'up', 'up']);
      // Set aside after its 401: concurrent probes that drew it before that may each meet
      // it once, never the whole run (one GET per gateway for the models probe).
      const rejected = e.sim.log.filter((l) => l.authorized === false).length;
      expect(rejected).toBeGreaterThanOrEqual(1);
      expect(rejected).toBeLessThanOrEqual(probe === 'models' ? 1 : 2);
      expect(r.stdout + r.stderr).not.toContain(BAD);
    }
    // Every key rejected: down with class auth.
    const r = await e.run(['health', '--json'], { env: { SHEPHERD_API_KEYS: `${BAD},${BAD}x` } });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { models: { class: string }[] }).models[0]!.class).toBe('auth');
  });
});

describe('shepherd health never shows an API key', () => {
  const KEY = 'sk-test.FAKE-health-0123456789abcdefWXYZ';
  const WRONG = 'sk-test.FAKE-wrong-9876543210zyxwvuQRST';

  it('in stdout, stderr, JSON, JUnit, step summary, webhook or metrics, right key or wrong', async () => {
    const e = await env({ a: down503 }, { apiKeys: [KEY] });
    const hooks: string[] = [];
    const hook = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        hooks.push(raw);
        res.end();
      });
    });
    const hookUrl = `http://127.0.0.1:${await listenLoopback(hook)}/`;
    const summary = join(e.home, 'summary.md');
    const seen: string[] = [];
    for (const key of [KEY, WRONG]) {
      const extra = {
        env: { SHEPHERD_API_KEY: key, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
      };
      for (const probe of ['completion', 'models', 'endpoint']) {
        for (const json of [[], ['--json']]) {
          const r = await e.run(
            ['health', '--probe', probe, '--junit', `${probe}.xml`, ...json],
            extra,
          );
          seen.push(r.stdout, r.stderr, readFileSync(join(e.home, `${probe}.xml`), 'utf8'));
          if (key === WRONG && probe !== 'endpoint') {
            expect(r.code).toBe(1);
            expect(r.stdout + r.stderr).toMatch(/SHEPHERD_API_KEY/); // where the key came from
            expect(r.stdout + r.stderr).toMatch(/auth/);
          }
        }
      }
      const controller = new AbortController();
      const run = e.start(
        [
          'health',
          '--watch',
          '--interval',
          '20ms',
          '--alert-after',
          '1',
          '--json',
          '--webhook',
          hookUrl,
          '--metrics-port',
          '0',
        ],
        { ...extra, signal: controller.signal },
      );
      const until = Date.now() + 5000;
      while (!run.stderr.text.includes('round 2:') && Date.now() < until)
        await new Promise((r) => setTimeout(r, 10));
      const url = /on (http:\/\/\S+\/metrics)/.exec(run.stderr.text)![1]!;
      seen.push(await (await fetch(url)).text());
      controller.abort();
      const r = await run.done;
      seen.push(r.stdout, r.stderr);
    }
    seen.push(readFileSync(summary, 'utf8'), ...hooks);
    expect(hooks.length).toBeGreaterThanOrEqual(2);
    const all = seen.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    for (const k of [KEY, WRONG]) {
      expect(all).not.toContain(k);
      expect(all).not.toContain(k.slice(8, 30)); // no recognisable middle part either
    }
  });
});

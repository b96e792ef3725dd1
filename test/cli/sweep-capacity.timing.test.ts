import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { sweepResultSchema, type SweepResult } from '../../src/bench/sweep/sweep-types.js';
import { startSimulatorProcess } from '../../src/simulator/process.js';

/**
 * The sweep against the simulator's capacity model, whose theory is in docs/simulator.md.
 * The simulator runs in its own process so its timers never share our event loop.
 */
let sim: Awaited<ReturnType<typeof startSimulatorProcess>>;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'shepherd-sweep-'));
  const profile = join(home, 'capacity.json');
  writeFileSync(
    profile,
    JSON.stringify({
      name: 'capacity',
      models: {
        // S = 30 ms TTFT + 9 gaps of 30 ms = 300 ms; at most 8 served at once.
        queue: {
          id: 'queue',
          ttftMs: 30,
          itlMs: 30,
          outputTokens: 10,
          capacity: { maxConcurrent: 8 },
        },
        // 20 tokens, 250 tokens/s shared: 19 gated gaps, so at most 250/19 req/s; with its
        // own 8 ms gaps a stream is held back by the budget from 2 streams on.
        decode: {
          id: 'decode',
          ttftMs: 1,
          itlMs: 8,
          outputTokens: 20,
          decodeTokensPerSecond: 250,
        },
      },
    }),
  );
  sim = await startSimulatorProcess({ profile });
});
afterAll(async () => {
  await sim.close();
});

async function sweep(args: string[]): Promise<SweepResult> {
  const io = memoryIo({ env: { HOME: home }, cwd: home });
  const code = await main(['bench', '--base-url', sim.url, '--json', '--no-tui', ...args], io);
  expect(code, io.stderr.text).toBe(0);
  return sweepResultSchema.parse(JSON.parse(io.stdout.text));
}

const table = (d: SweepResult): string =>
  d.targets[0]!.steps.map(
    (s) =>
      `${s.load}: ${s.result.throughput_rps.toFixed(1)}/s ttft mean ${s.result.ttft_ms.mean?.toFixed(0)}`,
  ).join('; ');

describe('bench --sweep against the simulator’s capacity model', () => {
  it('maxConcurrent 8: saturation at 8 streams, and the TTFT capacity the closed-loop formula gives', async () => {
    // Beyond N = 8 streams each request waits (c − N)·S/N on average: mean TTFT ≈ 30 + 37.5·(c − 8).
    const d = await sweep([
      '-m',
      'queue',
      '--sweep',
      'concurrency=4..32',
      '--slo',
      'ttft.mean<185ms',
      '-d',
      '1.35s',
    ]);
    const t = d.targets[0]!;
    expect(d).toMatchObject({
      kind: 'concurrency',
      range: { lo: 4, hi: 32 },
      slo: ['ttft.mean<185ms'],
    });
    expect(t.saturation?.load, table(d)).toBe(8);
    // The formula, with the service time and base TTFT measured at 8 streams (no queue yet).
    const at8 = t.steps.find((s) => s.load === 8)!;
    const S = at8.result.latency_ms.mean!;
    const ttft0 = at8.result.ttft_ms.mean!;
    const expected = Math.ceil(8 + ((185 - ttft0) * 8) / S) - 1;
    expect(
      Math.abs(t.capacity!.load - expected),
      `formula ${expected}; ${table(d)}`,
    ).toBeLessThanOrEqual(1);
    expect(t.capacity!.throughput_rps).toBeGreaterThan((0.85 * 8) / (S / 1000));
    // Bisected to one stream: the capacity held the SLO and one more stream broke it.
    const cap = t.capacity!.load;
    expect(t.steps.find((s) => s.load === cap)?.slo_ok).toBe(true);
    expect(t.steps.find((s) => s.load === cap + 1)?.slo_ok).toBe(false);
    expect(at8.result).toMatchObject({ name: 'queue', ok: at8.result.requests });
    expect(at8.slo[0]).toMatchObject({ term: 'ttft.mean<185ms', ok: true });
  });

  it('decodeTokensPerSecond: the saturation throughput is within 10 % of T/(tokens − 1)', async () => {
    const d = await sweep(['-m', 'decode', '--sweep', 'concurrency=1..32', '-d', '1.2s']);
    const t = d.targets[0]!;
    expect(t.capacity).toBeNull();
    const theory = 250 / 19;
    expect(t.saturation, table(d)).not.toBeNull();
    expect(Math.abs(t.saturation!.throughput_rps - theory) / theory, table(d)).toBeLessThan(0.1);
  });
});

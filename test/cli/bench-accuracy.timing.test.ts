import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { startSimulatorProcess } from '../../src/simulator/process.js';

/**
 * With fixed simulator latencies (the simulator in its own process, so it never shares our
 * event loop), the reported p50s are within 1 ms + 2% of the truth.
 */
const TTFT = 60;
const ITL = 15;
const TOKENS = 5;
let sim: Awaited<ReturnType<typeof startSimulatorProcess>>;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'shepherd-accuracy-'));
  const profile = join(home, 'fixed.json');
  writeFileSync(
    profile,
    JSON.stringify({
      name: 'fixed',
      models: {
        fixed: {
          id: 'fixed',
          ttftMs: { fixed: TTFT },
          itlMs: { fixed: ITL },
          outputTokens: TOKENS,
        },
      },
    }),
  );
  sim = await startSimulatorProcess({ profile });
});
afterAll(async () => {
  await sim.close();
});

describe('bench accuracy', () => {
  it('latency, TTFT and ITL p50 within 1 ms + 2% of the simulator’s fixed values', async () => {
    const io = memoryIo({ env: { HOME: home }, cwd: home });
    const code = await main(
      ['bench', '--base-url', sim.url, '-m', 'fixed', '-n', '40', '-c', '2', '--json'],
      io,
    );
    expect(code).toBe(0);
    const t = JSON.parse(io.stdout.text).targets[0];
    const within = (measured: number, truth: number): void => {
      expect(measured).toBeGreaterThanOrEqual(truth - 0.5);
      expect(measured).toBeLessThanOrEqual(truth + 1 + truth * 0.02);
    };
    within(t.ttft_ms.p50, TTFT);
    within(t.itl_ms.p50, ITL);
    within(t.latency_ms.p50, TTFT + (TOKENS - 1) * ITL);
    expect(t.tokens_source).toBe('usage');
    expect(t.usage.completion_tokens).toBe(40 * TOKENS);
  });
});

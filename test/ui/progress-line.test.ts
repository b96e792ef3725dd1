import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { progressPrinter, renderProgressLines } from '../../src/ui/progress-line.js';
import { frameFor, TWO_TARGETS } from './helpers.js';

describe('renderProgressLines', () => {
  it('prints a line per target with its figures and no escape codes', () => {
    const text = renderProgressLines(frameFor(TWO_TARGETS, { elapsedMs: 5000 }));
    expect(text).not.toContain('\u001b');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    // p99 of 80 requests is marked thin (*): the sample cannot support it.
    expect(lines[0]).toMatch(
      /^\[ {2}5\.0s\/15s\] gpt-4\.1 +80 req \(0 in flight\) \(0 err\) {2}ok 100% {2}p50 \d+ ms {2}p99 \d+ ms\* {2}ttft p50 210 ms {2}16\.0 req\/s {2}\d+ tok\/s$/,
    );
    expect(lines[1]).toContain('64 req (0 in flight) (4 err: rate_limited 3, timeout 1)');
    expect(lines[1]).toContain('ok 93.7%');
    expect(lines[2]).toBe(
      '[  5.0s/15s] * too few requests yet for this percentile: it reads as the max',
    );
    expect(lines[3]).toBe('[  5.0s/15s] 144 req in all · 33% · ETA 10.0s');
  });

  it('prints the drain once, distinct from the run: what is in flight and the bound', () => {
    const printer = progressPrinter({ intervalMs: 5000 });
    const run = frameFor(TWO_TARGETS, { elapsedMs: 15_000 });
    const draining = {
      ...run,
      phase: 'drain' as const,
      drain: { inFlight: 3, elapsedMs: 0, boundMs: 5000 },
    };
    const first = printer.next(draining);
    expect(first).toContain(
      '[ 15.0s/15s] draining: 15.0s window over · 3 in flight · 0.0s of up to 5.0s (then cancelled)',
    );
    expect(
      printer.next({ ...draining, drain: { inFlight: 1, elapsedMs: 2500, boundMs: 5000 } }),
    ).toBe('');
  });

  it('shows request progress, the target rate, and strips control characters from names', () => {
    const frame = frameFor([{ name: 'evil\u001b[31mname', ok: 10 }], {
      elapsedMs: 2000,
      totalMs: undefined,
      requestsTotal: 100,
      targetRps: 10,
    });
    const text = renderProgressLines(frame);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('[ 10/100 req   2.0s] evil[31mname');
    expect(text).toContain('5.0/10 req/s');
  });

  it('lines up the figures after CJK and emoji names in terminal cells', () => {
    const names = ['通义千问', '🚀-fast', 'gpt-4.1'];
    const text = renderProgressLines(frameFor(names.map((name) => ({ name, ok: 10 }))));
    const lines = text.split('\n').filter((l) => l.includes(' req ('));
    expect(lines).toHaveLength(3);
    const cells = lines.map((l) => stringWidth(l.slice(0, l.indexOf('10 req'))));
    expect(new Set(cells).size).toBe(1);
  });

  it('says when it is warming up', () => {
    const text = renderProgressLines(frameFor(TWO_TARGETS, { phase: 'warmup', elapsedMs: 3000 }));
    expect(text).toBe('[warm-up 3.0s] warming up: figures start after the warm-up\n');
  });
});

describe('progressPrinter', () => {
  it('prints every interval of run time, warnings once, and nothing for the final frame', () => {
    const p = progressPrinter({ intervalMs: 5000 });
    const at = (ms: number, warnings: string[] = [], finished = false) =>
      p.next(frameFor(TWO_TARGETS, { elapsedMs: ms, warnings, finished }));
    expect(at(1000)).toBe('');
    expect(at(5100)).toContain('gpt-4.1');
    expect(at(6000)).toBe('');
    expect(at(7000, ['event-loop lag 25 ms'])).toBe('warning: event-loop lag 25 ms\n');
    expect(at(8000, ['event-loop lag 25 ms'])).toBe('');
    expect(at(12_000)).toContain('[ 12.0s/15s]');
    expect(at(15_000, [], true)).toBe('');
  });
});

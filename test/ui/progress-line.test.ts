import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { progressPrinter, renderProgressLines } from '../../src/ui/progress-line.js';
import { frameFor, TWO_TARGETS } from './helpers.js';

describe('renderProgressLines', () => {
  it('prints a line per target with its figures and no escape codes', () => {
    const text = renderProgressLines(frameFor(TWO_TARGETS, { elapsedMs: 5000 }));
    expect(text).not.toContain('\u001b');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\[ {2}5\.0s\/15s\] gpt-4\.1 +80 req \(0 err\) {2}ok 100% {2}p50 \d+ ms {2}p99 \d+ ms {2}ttft p50 210 ms {2}16\.0 req\/s {2}\d+ tok\/s$/,
    );
    expect(lines[1]).toContain('64 req (4 err: rate_limited 3, timeout 1)');
    expect(lines[1]).toContain('ok 93.7%');
    expect(lines[2]).toBe('[  5.0s/15s] 144 req in all · 33% · ETA 10.0s');
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

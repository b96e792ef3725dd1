import { describe, expect, it } from 'vitest';
import { evaluateSlo, parseSlo, unjudgedSlo, violatedSlo } from '../../src/bench/slo.js';
import { TargetStats } from '../../src/bench/stats.js';
import { UsageError } from '../../src/core/errors.js';
import { attempt, okAttempt } from './helpers.js';

function target(name: string, latencies: number[], errors = 0) {
  const s = new TargetStats({ name, model: name, baseUrl: 'u' });
  for (const l of latencies) s.record(okAttempt(0, l, l / 2, 3));
  for (let i = 0; i < errors; i++) s.record(attempt({ outcome: 'timeout' }));
  return s.toJSON(null);
}

describe('parseSlo', () => {
  it('parses latency, figure-prefixed, success and rate terms', () => {
    const terms = parseSlo(
      'p95<800ms, ttft.p99<1s,success>=99.5%,rps>=2,error_rate<=1%,itl.p99.9<50ms,tokens_per_s>10,p99.9<2s',
    );
    expect(terms).toEqual([
      {
        text: 'p95<800ms',
        kind: 'figure',
        figure: 'latency',
        stat: 'p95',
        op: '<',
        threshold: 800,
      },
      {
        text: 'ttft.p99<1s',
        kind: 'figure',
        figure: 'ttft',
        stat: 'p99',
        op: '<',
        threshold: 1000,
      },
      { text: 'success>=99.5%', kind: 'success', op: '>=', threshold: 99.5 },
      { text: 'rps>=2', kind: 'throughput', op: '>=', threshold: 2 },
      { text: 'error_rate<=1%', kind: 'error_rate', op: '<=', threshold: 1 },
      {
        text: 'itl.p99.9<50ms',
        kind: 'figure',
        figure: 'itl',
        stat: 'p999',
        op: '<',
        threshold: 50,
      },
      { text: 'tokens_per_s>10', kind: 'tokens_per_s', op: '>', threshold: 10 },
      {
        text: 'p99.9<2s',
        kind: 'figure',
        figure: 'latency',
        stat: 'p999',
        op: '<',
        threshold: 2000,
      },
    ]);
  });

  it.each([
    ['p95<800', /'p95<800' needs a unit/],
    ['p97<1s', /unknown metric 'p97'/],
    ['ttft.p97<1s', /unknown statistic 'p97'/],
    ['foo.p95<1s', /unknown metric 'foo'/],
    ['success>=99.5', /'success>=99.5' needs a percentage/],
    ['rps>=2ms', /per second/],
    ['p95=800ms', /'p95=800ms' is not a term/],
    ['p95<800ms,,latency.max<fast', /'latency.max<fast'/],
    ['  ', /no terms/],
  ])('rejects %s with a usage error naming the term', (spec, message) => {
    expect(() => parseSlo(spec)).toThrow(UsageError);
    expect(() => parseSlo(spec)).toThrow(message);
  });
});

describe('evaluateSlo', () => {
  it('checks every term against every target', () => {
    const fast = target(
      'fast',
      Array.from({ length: 100 }, (_, i) => 100 + i),
    );
    const slow = target(
      'slow',
      Array.from({ length: 100 }, (_, i) => 900 + i),
      1,
    );
    const res = evaluateSlo(parseSlo('p95<800ms,success>=99.5%'), [fast, slow]);
    expect(res.map((r) => [r.term, r.target, r.ok])).toEqual([
      ['p95<800ms', 'fast', true],
      ['p95<800ms', 'slow', false],
      ['success>=99.5%', 'fast', true],
      ['success>=99.5%', 'slow', false],
    ]);
    expect(res[0]!.value).toBeCloseTo(194, 0);
    expect(res[3]!.value).toBeCloseTo(100 / 1.01, 6);
  });

  it('compares percentages without floating-point surprises', () => {
    const t = target(
      't',
      Array.from({ length: 199 }, () => 10),
      1,
    ); // 99.5% exactly
    expect(evaluateSlo(parseSlo('success>=99.5%'), [t])[0]!.ok).toBe(true);
    expect(evaluateSlo(parseSlo('error_rate<=0.5%'), [t])[0]!.ok).toBe(true);
  });

  it('a term on a figure with no data fails with a null value', () => {
    const t = target('t', [100]);
    expect(evaluateSlo(parseSlo('ttfo.p99<1s'), [t])).toEqual([
      {
        term: 'ttfo.p99<1s',
        kind: 'figure',
        target: 't',
        value: null,
        ok: false,
        verdict: 'violated',
      },
    ]);
  });

  it('does not judge a percentile the sample cannot support, and says how many samples it needs', () => {
    const twelve = target(
      't',
      Array.from({ length: 12 }, (_, i) => 100 + i),
    );
    const slo = evaluateSlo(parseSlo('p50<1s,p95<3000ms,p99.9<1ms,max<1s,success>=99%'), [twelve]);
    expect(slo.map((s) => [s.term, s.verdict, s.ok, s.samples_needed])).toEqual([
      ['p50<1s', 'met', true, undefined],
      ['p95<3000ms', 'too_few_samples', false, 100],
      ['p99.9<1ms', 'too_few_samples', false, 5000],
      ['max<1s', 'met', true, undefined],
      ['success>=99%', 'met', true, undefined],
    ]);
    // The thin value is still reported: it is what the run measured.
    expect(slo[1]?.value).toBeGreaterThan(100);
    expect(violatedSlo(slo)).toEqual([]);
    expect(unjudgedSlo(slo).map((s) => s.term)).toEqual(['p95<3000ms', 'p99.9<1ms']);
    const hundred = target(
      't',
      Array.from({ length: 100 }, () => 5000),
    );
    expect(evaluateSlo(parseSlo('p95<3000ms'), [hundred])[0]).toMatchObject({
      verdict: 'violated',
      ok: false,
    });
  });
});

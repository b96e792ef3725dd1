import { describe, expect, it } from 'vitest';
import { githubAnnotations, renderGithubSummary } from '../../src/ui/github-summary.js';
import { resultFor, TWO_TARGETS } from './helpers.js';

describe('renderGithubSummary', () => {
  it('renders a Markdown table with units, one row per target', () => {
    const md = renderGithubSummary(resultFor(TWO_TARGETS));
    const lines = md.split('\n');
    expect(lines[0]).toBe('### shepherd bench');
    const head = lines.find((l) => l.startsWith('| target')) ?? '';
    for (const h of [
      'success (%)',
      'req/s',
      'tok/s',
      'p50 (ms)',
      'p99.9 (ms)',
      'TTFT p99 (ms)',
      'ITL p50 (ms)',
      'TPOT p50 (ms)',
    ]) {
      expect(head).toContain(`| ${h} |`);
    }
    const sep = lines[lines.indexOf(head) + 1] ?? '';
    expect(sep.split('|').length).toBe(head.split('|').length);
    expect(md).toMatch(
      /^\| `claude-sonnet-4\.5` \| 64 \| 60 \| rate_limited 3, timeout 1 \| 93\.7 \|/m,
    );
    expect(md).not.toContain('\u001b');
    expect(md).not.toContain('SLO');
  });

  it('adds SLO checks and warnings, and escapes pipes', () => {
    const result = resultFor([{ name: 'a|b', ok: 10 }], {
      slo: [{ term: 'p95<800ms', kind: 'figure', target: 'a|b', value: 900, ok: false }],
      warnings: ['event-loop lag p99 25 ms > 10 ms'],
    });
    const md = renderGithubSummary(result);
    expect(md).toContain('#### SLO: 0 of 1 checks met');
    expect(md).toContain('| ❌ | `p95<800ms` | a\\|b | 900 ms |');
    expect(md).toContain('> [!WARNING]\n> event-loop lag p99 25 ms > 10 ms');
  });
});

describe('githubAnnotations', () => {
  it('prints ::error:: per violated SLO check and ::warning:: per client warning', () => {
    const result = resultFor(TWO_TARGETS, {
      slo: [
        { term: 'p95<800ms', kind: 'figure', target: 'gpt-4.1', value: 742, ok: true },
        {
          term: 'success>=99.5%',
          kind: 'success',
          target: 'claude-sonnet-4.5',
          value: 93.75,
          ok: false,
        },
      ],
      warnings: ['achieved 41.2 of 50 req/s\nsecond line'],
    });
    expect(githubAnnotations(result)).toBe(
      '::error title=SLO not met::success>=99.5%25 on claude-sonnet-4.5: 93.75%25\n' +
        '::warning title=bench client::achieved 41.2 of 50 req/s%0Asecond line\n',
    );
    expect(githubAnnotations(resultFor(TWO_TARGETS))).toBe('');
  });
});

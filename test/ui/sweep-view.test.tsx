import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { SweepLive } from '../../src/bench/index.js';
import { BenchView } from '../../src/ui/bench-view.js';
import { painter } from '../../src/ui/color.js';
import { renderBenchViewText } from '../../src/ui/live-layout.js';
import { frameFor, TWO_TARGETS } from './helpers.js';

const sweep: SweepLive = {
  kind: 'concurrency',
  finished: 9,
  plans: [
    { target: 'gpt-4.1', load: 24 },
    { target: 'claude-sonnet-4.5', load: 12 },
  ],
  curves: [
    {
      target: 'gpt-4.1',
      points: [
        { load: 1, throughputRps: 0.4, sloOk: true },
        { load: 16, throughputRps: 6.1, sloOk: true },
        { load: 32, throughputRps: 11.9, sloOk: false },
      ],
      capacity: 16,
      saturation: null,
    },
    { target: 'claude-sonnet-4.5', points: [], capacity: null, saturation: null },
  ],
};

describe('the sweep in the live view', () => {
  it('shows the steps running now and each target’s curve so far, with ✓/✗ and what was found', () => {
    const out = renderBenchViewText(
      frameFor(TWO_TARGETS, { sweep, goodput: true }),
      { columns: 100 },
      painter(false),
    );
    expect(out).toContain(
      '9 steps done · now: gpt-4.1 at 24 streams · claude-sonnet-4.5 at 12 streams',
    );
    expect(out).toContain('curve so far (req/s by load):');
    expect(out).toMatch(/gpt-4\.1 .* 1:0\.40✓ 16:6\.1✓ 32:11\.9✗ · capacity 16/);
    expect(out).toMatch(/claude-sonnet-4\.5 +no step yet/);
    expect(out).toMatch(/good\/s/);
  });

  it('is drawn by the TUI (ink) as well', () => {
    const { lastFrame, unmount } = render(
      <BenchView frame={frameFor(TWO_TARGETS, { sweep })} color={false} columns={100} />,
    );
    expect(lastFrame()).toContain('curve so far');
    expect(lastFrame()).toContain('32:11.9✗');
    unmount();
  });
});

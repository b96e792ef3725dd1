import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { BenchView } from '../../src/ui/bench-view.js';
import { frameFor, TWO_TARGETS } from './helpers.js';

const ESC = '\u001b';

afterEach(() => cleanup());

/** Lets ink process a stdin write and re-render. */
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('BenchView', () => {
  it('shows a row per target with its figures under unit headers', () => {
    const { lastFrame } = render(<BenchView frame={frameFor(TWO_TARGETS)} color={false} />);
    const out = lastFrame() ?? '';
    const lines = out.split('\n');
    const header = lines.find((l) => l.startsWith('target')) ?? '';
    for (const h of [
      'req',
      'flying',
      'err',
      'ok %',
      'req/s',
      'tok/s',
      'p50',
      'p90',
      'p99',
      'trend',
    ]) {
      expect(header).toContain(h);
    }
    const groups = lines[lines.indexOf(header) - 1] ?? '';
    expect(groups).toContain('latency ms');
    expect(groups).toContain('ttft ms');
    expect(groups).toContain('itl ms');
    const gpt = lines.find((l) => l.startsWith('gpt-4.1')) ?? '';
    const claude = lines.find((l) => l.startsWith('claude-sonnet')) ?? '';
    // gpt: 80 requests, none in flight, no errors, 100% ok, 10 req/s over 8 s
    expect(gpt.split(/\s+/).slice(1, 6)).toEqual(['80', '0', '0', '100', '10.0']);
    // claude: 60 ok + 4 errors = 64 requests, 93.7% ok (floored, never rounded up)
    expect(claude.split(/\s+/).slice(1, 5)).toEqual(['64', '0', '4', '93.7']);
    // p99 of 80 requests is marked: the sample cannot support it (it is the max).
    expect(gpt).toMatch(/\d\*/);
    expect(out).toContain('* too few requests yet for this percentile');
    expect(gpt).toMatch(/[▁▂▃▄▅▆▇█]{5,}/);
    expect(out).not.toContain(ESC);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('shows errors by class under the target row', () => {
    const { lastFrame } = render(<BenchView frame={frameFor(TWO_TARGETS)} color={false} />);
    const lines = (lastFrame() ?? '').split('\n');
    const i = lines.findIndex((l) => l.startsWith('claude-sonnet'));
    expect(lines[i + 1]).toContain('errors: rate_limited 3 · timeout 1');
    const g = lines.findIndex((l) => l.startsWith('gpt-4.1'));
    expect(lines[g + 1]).not.toContain('errors');
  });

  it('shows the progress bar with elapsed, total and ETA, and the warnings', () => {
    const frame = frameFor(TWO_TARGETS, {
      warnings: ['client could not keep the target rate: achieved 41.2 of 50 req/s'],
    });
    const out = render(<BenchView frame={frame} color={false} />).lastFrame() ?? '';
    expect(out).toMatch(/█+[▏▎▍▌▋▊▉]?░+\s+53%\s+8\.0s \/ 15s\s+ETA 7\.0s/);
    expect(out).toContain('⚠ client could not keep the target rate: achieved 41.2 of 50 req/s');
    expect(out).toContain('q or Ctrl-C stop early');
  });

  it('colours success and errors by threshold only when colour is on', () => {
    const out = render(<BenchView frame={frameFor(TWO_TARGETS)} color />).lastFrame() ?? '';
    const gpt = out.split('\n').find((l) => l.startsWith('gpt-4.1')) ?? '';
    const claude = out.split('\n').find((l) => l.startsWith('claude')) ?? '';
    // ink re-serialises SGR codes: check the colour that is active where the value starts
    expect(gpt).toMatch(new RegExp(`${ESC}\\[32m\\s*100\\b`)); // green: 100%
    expect(claude).toMatch(new RegExp(`${ESC}\\[31m\\s*93\\.7`)); // red: below 95%
    expect(claude).toMatch(new RegExp(`${ESC}\\[31m\\s*4${ESC}`)); // errors, red with success < 95%
  });

  it('calls onQuit once on q, shows that it is stopping, and force-quits on a second Ctrl-C', async () => {
    const onQuit = vi.fn();
    const onForceQuit = vi.fn();
    const { stdin, lastFrame } = render(
      <BenchView
        frame={frameFor(TWO_TARGETS)}
        color={false}
        onQuit={onQuit}
        onForceQuit={onForceQuit}
      />,
    );
    await tick();
    stdin.write('q');
    await tick();
    stdin.write('q');
    await tick();
    expect(onQuit).toHaveBeenCalledTimes(1);
    expect(onQuit).toHaveBeenCalledWith('q');
    expect(lastFrame()).toContain('stopping');
    expect(onForceQuit).not.toHaveBeenCalled();
    stdin.write('\u0003');
    await tick();
    expect(onQuit).toHaveBeenCalledTimes(1);
    expect(onForceQuit).toHaveBeenCalledTimes(1);
  });

  it('treats Ctrl-C as a quit and ignores other keys', async () => {
    const onQuit = vi.fn();
    const { stdin } = render(
      <BenchView frame={frameFor(TWO_TARGETS)} color={false} onQuit={onQuit} />,
    );
    await tick();
    stdin.write('x');
    await tick();
    expect(onQuit).not.toHaveBeenCalled();
    stdin.write('\u0003');
    await tick();
    expect(onQuit).toHaveBeenCalledWith('ctrl-c');
  });

  it('drops the sparkline, then less important columns, in a narrow terminal', () => {
    const frame = frameFor(TWO_TARGETS);
    const header = (cols: number) =>
      (render(<BenchView frame={frame} color={false} columns={cols} />).lastFrame() ?? '')
        .split('\n')
        .find((l) => l.startsWith('target')) ?? '';
    expect(header(100)).toContain('trend');
    const h90 = header(90);
    expect(h90).not.toContain('trend');
    expect(h90).toContain('p90');
    const h80 = header(80);
    expect(h80).not.toContain('p90');
    expect(h80).toContain('flying');
    const h60 = header(60);
    expect(h60).not.toContain('p90');
    expect(h60).not.toContain('tok/s');
    for (const h of ['req', 'ok %', 'req/s', 'p50', 'p99']) expect(h60).toContain(h);
    const out60 = render(<BenchView frame={frame} color={false} columns={60} />).lastFrame() ?? '';
    for (const line of out60.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
  });

  it('marks the final frame as done', () => {
    const frame = frameFor(TWO_TARGETS, { finished: true, elapsedMs: 15_000 });
    const out = render(<BenchView frame={frame} color={false} />).lastFrame() ?? '';
    expect(out).toContain('✓ done');
    expect(out).toContain('100%');
    expect(out).toContain('finished in 15.0s');
    expect(out).not.toContain('ETA');
  });

  it('a run stopped early keeps how far it got on the bar, not 100%', () => {
    const frame = frameFor(TWO_TARGETS, { finished: true, interrupted: true, elapsedMs: 6_000 });
    const out = render(<BenchView frame={frame} color={false} />).lastFrame() ?? '';
    expect(out).toContain('■ stopped early');
    expect(out).toContain('40%');
    expect(out).not.toContain('100%');
    expect(out).not.toContain('ETA');
  });
});

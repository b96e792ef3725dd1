import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { BenchView, panelKey } from '../../src/ui/bench-view.js';
import { renderBenchViewText } from '../../src/ui/live-layout.js';
import { painter } from '../../src/ui/color.js';
import { Histogram } from '../../src/core/histogram.js';
import { latencyBins } from '../../src/bench/latency-bins.js';
import { frameFor, TWO_TARGETS, type TargetPlan } from './helpers.js';

const ESC = '\u001b';
const DOWN = '\u001b[B';
const UP = '\u001b[A';
const tick = () => new Promise((r) => setTimeout(r, 20));

/** Waits (up to 2 s) until the frame shows `text`: key handling takes a turn or two of the loop. */
async function until(frame: () => string | undefined, text: string): Promise<string> {
  for (let i = 0; i < 100 && !(frame() ?? '').includes(text); i++) await tick();
  return frame() ?? '';
}

afterEach(() => cleanup());

/** The panel's bar lines: `  ≤ 512 ms │■■■■   12`. */
const bars = (out: string) => out.split('\n').filter((l) => /^\s+≤ .+ │/.test(l));
const countOf = (line: string) => Number(line.trim().split(/\s+/).at(-1));

const FOUR: TargetPlan[] = [
  ...TWO_TARGETS,
  { name: 'gemini-2.5-flash', ok: 120, latency: 300, ttft: 90 },
  { name: 'deepseek-v3.2', ok: 40, latency: 1500, ttft: 600 },
];

describe('latencyBins', () => {
  it('spreads the latencies over 10 log-spaced bars whose counts add up to the histogram', () => {
    const h = Histogram.from([...Array(90).fill(100), ...Array(9).fill(1000), 10_000]);
    const bins = latencyBins(h);
    expect(bins).toHaveLength(10);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(100);
    expect(bins[0]!.count).toBe(90);
    expect(bins[9]!.count).toBe(1);
    expect(bins[9]!.toMs).toBeCloseTo(10_000, -2);
    // log spacing: each bar's upper bound is about 10^(2/10) times the one before
    expect(bins[5]!.toMs / bins[4]!.toMs).toBeCloseTo(10 ** 0.2, 1);
    expect(latencyBins(new Histogram())).toEqual([]);
    expect(latencyBins(Histogram.from([5, 5, 5]))).toEqual([{ fromMs: 0, toMs: 5.003, count: 3 }]);
  });
});

describe('the latency histogram panel (h)', () => {
  it('h opens it on the first target; ↑/↓ choose the target; h closes it', async () => {
    const { stdin, lastFrame } = render(
      <BenchView frame={frameFor(TWO_TARGETS)} color={false} columns={80} />,
    );
    await tick();
    expect(lastFrame()).not.toContain('latency histogram');
    expect(lastFrame()).toContain('h histogram');
    stdin.write('h');
    let out = await until(lastFrame, 'latency histogram');
    expect(out).toContain('latency histogram · gpt-4.1 (1/2) · 80 ok');
    expect(out).toMatch(/^▸ gpt-4\.1/m);
    expect(bars(out)).toHaveLength(10);
    expect(bars(out).reduce((n, l) => n + countOf(l), 0)).toBe(80);
    expect(out).toContain('↑/↓ target · h hide');
    stdin.write(DOWN);
    out = await until(lastFrame, 'claude-sonnet-4.5 (2/2)');
    expect(out).toContain('latency histogram · claude-sonnet-4.5 (2/2) · 60 ok');
    expect(out).toMatch(/^▸ claude-sonnet/m); // cut to fit 80 columns
    expect(bars(out).reduce((n, l) => n + countOf(l), 0)).toBe(60);
    stdin.write(DOWN); // wraps around
    expect(await until(lastFrame, 'gpt-4.1 (1/2)')).toContain('latency histogram · gpt-4.1 (1/2)');
    stdin.write(UP);
    expect(await until(lastFrame, 'claude-sonnet-4.5 (2/2)')).toContain(
      'latency histogram · claude-sonnet-4.5 (2/2)',
    );
    stdin.write('h');
    for (let i = 0; i < 100 && (lastFrame() ?? '').includes('latency histogram'); i++) await tick();
    out = lastFrame() ?? '';
    expect(out).not.toContain('latency histogram');
    expect(out).not.toContain('▸');
    expect(out).not.toContain(ESC);
  });

  it('fits 80 columns with four targets, and shows what is in flight', async () => {
    const frame = frameFor(FOUR);
    frame.targets = frame.targets.map((t, i) => ({ ...t, inFlight: i + 2 }));
    const { stdin, lastFrame } = render(<BenchView frame={frame} color={false} columns={80} />);
    await tick();
    stdin.write('h');
    await until(lastFrame, 'latency histogram');
    stdin.write(DOWN);
    stdin.write(DOWN);
    const out = await until(lastFrame, 'gemini-2.5-flash (3/4)');
    expect(out).toContain('latency histogram · gemini-2.5-flash (3/4) · 120 ok · 4 in flight');
    expect(out).toMatch(/· 14 in flight/); // 2 + 3 + 4 + 5 on the progress line
    const longest = Math.max(...out.split('\n').map((l) => [...l].length));
    expect(longest).toBeLessThanOrEqual(80);
    expect(bars(out).every((l) => [...l].length <= 80)).toBe(true);
    expect(out).not.toContain(ESC);
  });

  it('paints bars only with colour on; the plain text has no escape codes', () => {
    const frame = frameFor(TWO_TARGETS);
    const plain = renderBenchViewText(frame, { columns: 80, histogram: 1 }, painter(false));
    expect(plain).toContain('latency histogram · claude-sonnet-4.5');
    expect(plain).not.toContain(ESC);
    const coloured = renderBenchViewText(frame, { columns: 80, histogram: 1 }, painter(true));
    expect(coloured).toMatch(new RegExp(`${ESC}\\[[0-9;]+m■+`));
  });

  it('a target with no successful request yet says so', () => {
    const frame = frameFor([{ name: 'down', ok: 0, errors: { server_error: 3 } }]);
    const text = renderBenchViewText(frame, { columns: 80, histogram: 0 }, painter(false));
    expect(text).toContain('latency histogram · down (1/1) · 0 ok');
    expect(text).toContain('no successful request yet');
  });

  it('panelKey: h toggles; arrows move only while open', () => {
    const closed = { open: false, target: 0 };
    const arrows = { upArrow: false, downArrow: true };
    const none = { upArrow: false, downArrow: false };
    expect(panelKey(closed, '', arrows, 3)).toBeUndefined();
    expect(panelKey(closed, 'h', none, 3)).toEqual({ open: true, target: 0 });
    expect(panelKey({ open: true, target: 2 }, '', arrows, 3)).toEqual({ open: true, target: 0 });
    expect(panelKey({ open: true, target: 0 }, 'x', none, 3)).toBeUndefined();
  });
});

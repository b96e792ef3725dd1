import { describe, expect, it } from 'vitest';
import { fit, clip, padCells, textWidth } from '../../src/ui/cells.js';
import {
  formatClock,
  formatCompact,
  formatMs,
  formatMsNumber,
  formatPercent,
  formatRate,
  formatTargetRate,
} from '../../src/ui/format.js';
import { progressBar } from '../../src/ui/progress-bar.js';
import { seriesWindow, sparkline } from '../../src/ui/sparkline.js';

describe('format', () => {
  it('formats latencies with units and a dash for no data', () => {
    expect(formatMs(0.42)).toBe('0.42 ms');
    expect(formatMs(3.44)).toBe('3.4 ms');
    expect(formatMs(123.4)).toBe('123 ms');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatMs(123_456)).toBe('123 s');
    expect(formatMs(null)).toBe('—');
    expect(formatMs(Number.NaN)).toBe('—');
    expect(formatMsNumber(1210)).toBe('1210');
    expect(formatMsNumber(150_000)).toBe('150k');
  });

  it('never rounds a success rate with failures up to 100%', () => {
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.9996)).toBe('99.9%');
    expect(formatPercent(0.995)).toBe('99.5%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(null)).toBe('—');
  });

  it('formats rates, counts and clocks compactly', () => {
    expect(formatRate(0.25)).toBe('0.25');
    expect(formatRate(8.333)).toBe('8.3');
    expect(formatRate(412.4)).toBe('412');
    expect(formatRate(12_345)).toBe('12.3k');
    expect(formatTargetRate(50)).toBe('50');
    expect(formatCompact(9999)).toBe('9999');
    expect(formatCompact(1_234_567)).toBe('1.2M');
    expect(formatClock(5049)).toBe('5.0s');
    expect(formatClock(15_000, true)).toBe('15s');
    expect(formatClock(65_000)).toBe('1m05s');
    expect(formatClock(3_720_000)).toBe('1h02m');
  });

  it('fits text to a width, cutting with an ellipsis', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abc', 5, 'right')).toBe('  abc');
    expect(fit('claude-sonnet-4.5', 8)).toBe('claude-…');
  });

  it('measures in terminal cells: CJK and emoji take two, joiners and marks none', () => {
    expect(textWidth('gpt-4.1')).toBe(7);
    expect(textWidth('通义千问')).toBe(8);
    expect(textWidth('qwen-通义')).toBe(9);
    expect(textWidth('🚀')).toBe(2);
    expect(textWidth('👩‍💻')).toBe(2); // woman + ZWJ + laptop: one glyph
    expect(textWidth('🇯🇵')).toBe(2); // a flag is two regional indicators
    expect(textWidth('é')).toBe(1); // e + combining acute
    expect(textWidth('—…█')).toBe(3);
  });

  it('fits and clips wide text to exact cells, never splitting a glyph', () => {
    expect(fit('通义千问', 10)).toBe('通义千问  ');
    expect(fit('通义千问', 10, 'right')).toBe('  通义千问');
    expect(fit('通义千问-max', 7)).toBe('通义千…');
    // a wide glyph that does not fit is dropped whole and the cell padded
    expect(fit('通义千问', 6)).toBe('通义… ');
    expect(fit('通义千问', 6, 'right')).toBe(' 通义…');
    expect(fit('🚀👩‍💻🇯🇵 launch', 6)).toBe('🚀👩‍💻… ');
    expect(fit('🚀', 1)).toBe('…');
    for (const w of [1, 2, 3, 4, 5, 8]) expect(textWidth(fit('🚀通👩‍💻義🇯🇵', w))).toBe(w);
    expect(clip('通义千问', 8)).toBe('通义千问');
    expect(clip('通义千问', 7)).toBe('通义千…');
    expect(padCells('通义', 6)).toBe('通义  ');
    expect(padCells('通义', 6, 'right')).toBe('  通义');
    expect(padCells('通义千问', 6)).toBe('通义千问'); // never cuts
  });
});

describe('sparkline', () => {
  it('is exactly `width` cells, newest on the right, blank-padded', () => {
    expect(sparkline([1, 2, 3], 5)).toBe('  ▁▅█'); // the middle rounds up
    expect(sparkline([5, 1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
  });

  it('survives empty, constant, missing and non-finite data', () => {
    expect(sparkline([], 6)).toBe('      ');
    expect(sparkline([500, 500, 500], 3)).toBe('▁▁▁');
    expect(sparkline([100, null, Number.NaN, 200], 4)).toBe('▁  █');
    expect(sparkline([null, undefined], 3)).toBe('   ');
    expect(sparkline([1, 2], 0)).toBe('');
    expect(sparkline([0, 0], 2)).toBe('▁▁');
  });

  it('keeps small noise on a steady latency flat', () => {
    const line = sparkline([500, 502, 499, 501, 500], 5);
    expect(new Set(line).size).toBeLessThanOrEqual(2);
    expect(sparkline([500, 1000], 2)).toBe('▁█');
  });

  it('maps a series to one value per second, gaps as null', () => {
    const series = [
      { second: 0, p50Ms: 100, count: 1 },
      { second: 1, p50Ms: 110, count: 1 },
      { second: 3, p50Ms: 130, count: 1 },
    ];
    expect(seriesWindow(series, 10)).toEqual([100, 110, null, 130]);
    expect(seriesWindow(series, 2)).toEqual([null, 130]);
    expect(seriesWindow([], 5)).toEqual([]);
  });
});

describe('progressBar', () => {
  it('fills the given width with eighth-cell resolution', () => {
    expect(progressBar(0, 10)).toBe('░'.repeat(10));
    expect(progressBar(1, 10)).toBe('█'.repeat(10));
    expect(progressBar(0.5, 10)).toBe('█████░░░░░');
    expect(progressBar(0.55, 10)).toBe('█████▌░░░░');
    for (const f of [0, 0.01, 0.33, 0.999, 1, 2, -1, Number.NaN]) {
      expect([...progressBar(f, 17)]).toHaveLength(17);
    }
  });
});

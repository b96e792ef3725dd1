import { describe, expect, it } from 'vitest';
import { clip, textWidth } from '../../src/ui/cells.js';
import { clipOneCell, oneCellLabel, spinnerFrame } from '../../src/ui/spinner.js';
import { chainProgress } from '../../src/cli/chat/chain-progress.js';
import { memoryIo } from '../../src/cli/io.js';
import { systemClock } from '../../src/core/clock.js';

const plain = (_tone: string, text: string): string => text;

describe('the chat spinner frame', () => {
  it('clipOneCell cuts one-cell labels exactly as the cell-width clip does, at every width', () => {
    const labels = [
      '',
      'a',
      'waiting for gpt-4.1 · 3.2s',
      'waiting for deepseek-v3.2 (2 more after it) · 1m05s',
      'waiting for a and b (hedged) · 0.4s',
    ];
    for (const text of labels) {
      expect(oneCellLabel(text)).toBe(true);
      for (let width = -1; width <= text.length + 2; width++) {
        expect({ text, width, cut: clipOneCell(text, width) }).toEqual({
          text,
          width,
          cut: clip(text, width),
        });
      }
    }
  });

  it('wide, zero-width and control characters are not one-cell labels', () => {
    for (const name of ['通义千问', 'qwen-🦙', 'e\u0301', 'tab\there', 'ｆｕｌｌ']) {
      expect(oneCellLabel(`waiting for ${name}`), name).toBe(false);
    }
  });

  it('a frame fits the terminal width with either clip', () => {
    for (const [label, cut] of [
      ['waiting for gpt-4.1 (2 more after it)', clipOneCell],
      ['waiting for 通义千问-max (2 more after it)', clip],
    ] as const) {
      for (const columns of [10, 20, 40, 200]) {
        const frame = spinnerFrame(3, label, 3200, columns, plain, cut);
        expect(textWidth(frame)).toBeLessThanOrEqual(columns);
      }
    }
  });
});

describe('chainProgress on a terminal', () => {
  /** The first frame drawn for a chain, with stderr a 24-column terminal. */
  async function firstFrame(names: string[]): Promise<string> {
    const io = memoryIo({ env: {}, isTTY: true });
    io.stderr.columns = 24;
    const progress = await chainProgress(
      io,
      systemClock,
      names.map((name) => ({ name })),
      { quiet: false, noColor: true },
    );
    progress.stop();
    return io.stderr.text.split('\r\u001b[2K').find((t) => t !== '') ?? '';
  }

  it('cuts a label of wide characters by cells, not by characters', async () => {
    const frame = await firstFrame(['通义千问通义千问通义千问', 'b']);
    expect(frame).toContain('…');
    expect(textWidth(frame)).toBeLessThanOrEqual(24);
    expect(textWidth(frame)).toBeGreaterThan(18);
  });

  it('cuts a plain label the same way', async () => {
    const frame = await firstFrame(['a-very-long-model-name-indeed', 'b']);
    expect(frame).toMatch(/^. waiting for a-very-l…$/);
    expect(textWidth(frame)).toBe(23);
  });
});

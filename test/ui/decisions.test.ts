import { describe, expect, it } from 'vitest';
import { painter, shouldUseColor, stripAnsi } from '../../src/ui/color.js';
import { isCi, progressMode, shouldUseTui } from '../../src/ui/should-use-tui.js';

describe('shouldUseColor', () => {
  it('colours only a TTY', () => {
    expect(shouldUseColor({ isTTY: true, env: {} })).toBe(true);
    expect(shouldUseColor({ isTTY: false, env: {} })).toBe(false);
    expect(shouldUseColor({ isTTY: undefined, env: {} })).toBe(false);
  });

  it('never colours with NO_COLOR or --no-color, even when forced', () => {
    expect(shouldUseColor({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(shouldUseColor({ isTTY: true, env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).toBe(false);
    expect(shouldUseColor({ isTTY: true, env: {}, noColorFlag: true })).toBe(false);
    expect(shouldUseColor({ isTTY: true, env: { FORCE_COLOR: '1' }, noColorFlag: true })).toBe(
      false,
    );
    // an empty NO_COLOR is "not set" (no-color.org)
    expect(shouldUseColor({ isTTY: true, env: { NO_COLOR: '' } })).toBe(true);
  });

  it('lets FORCE_COLOR colour off a TTY and FORCE_COLOR=0 turn it off; TERM=dumb has none', () => {
    expect(shouldUseColor({ isTTY: false, env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(shouldUseColor({ isTTY: true, env: { FORCE_COLOR: '0' } })).toBe(false);
    expect(shouldUseColor({ isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
  });

  it('paints only when enabled', () => {
    expect(painter(false)('bad', 'x')).toBe('x');
    expect(painter(true)('bad', 'x')).toBe('\u001b[31mx\u001b[39m');
    expect(stripAnsi(painter(true)('heading', 'x'))).toBe('x');
  });
});

describe('progressMode / shouldUseTui', () => {
  const tty = { stderrIsTTY: true, env: {} };

  it('uses the TUI on a terminal', () => {
    expect(progressMode(tty)).toBe('tui');
    expect(shouldUseTui(tty)).toBe(true);
  });

  it('falls back to plain lines under CI, off a TTY, with --no-tui or TERM=dumb', () => {
    for (const ci of ['true', '1', 'yes', 'woodpecker']) {
      expect(progressMode({ ...tty, env: { CI: ci } })).toBe('lines');
    }
    expect(progressMode({ ...tty, stderrIsTTY: false })).toBe('lines');
    expect(progressMode({ ...tty, stderrIsTTY: undefined })).toBe('lines');
    expect(progressMode({ ...tty, noTuiFlag: true })).toBe('lines');
    expect(progressMode({ ...tty, env: { TERM: 'dumb' } })).toBe('lines');
  });

  it('treats CI=false / 0 / empty as not CI', () => {
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(progressMode({ ...tty, env: { CI: 'false' } })).toBe('tui');
  });

  it('is silent with --quiet, on a TTY or not', () => {
    expect(progressMode({ ...tty, quiet: true })).toBe('silent');
    expect(progressMode({ stderrIsTTY: false, env: { CI: 'true' }, quiet: true })).toBe('silent');
  });

  it('keeps the live view with NO_COLOR (it only loses colour)', () => {
    expect(progressMode({ ...tty, env: { NO_COLOR: '1' } })).toBe('tui');
  });
});

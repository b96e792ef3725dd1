import { describe, expect, it, vi } from 'vitest';
import { stripAnsi } from '../../src/ui/color.js';
import { startLiveView } from '../../src/ui/live-view.js';
import { FakeTtyIn, FakeTtyOut } from './fake-tty.js';
import { frameFor, TWO_TARGETS } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startLiveView', () => {
  it('paints frames, leaves the final frame on screen and releases raw mode on stop', async () => {
    const out = new FakeTtyOut();
    const input = new FakeTtyIn();
    const view = startLiveView({
      stdout: out.asStream(),
      stdin: input.asStream(),
      color: false,
      onQuit: () => {},
    });
    view.update(frameFor(TWO_TARGETS, { elapsedMs: 1000 }));
    await sleep(50);
    expect(input.rawMode).toBe(true);
    await view.stop(frameFor(TWO_TARGETS, { elapsedMs: 15_000, finished: true }));
    const text = stripAnsi(out.text);
    expect(text).toContain('✓ done');
    expect(text).toContain('finished in 15.0s');
    expect(input.rawMode).toBe(false);
    expect(input.refs).toBeLessThanOrEqual(0);
    expect(input.listenerCount('readable')).toBe(0);
    await view.stop(); // idempotent
  });

  it('calls onQuit once for q then Ctrl-C, and onForceQuit for the second Ctrl-C', async () => {
    const out = new FakeTtyOut();
    const input = new FakeTtyIn();
    const onQuit = vi.fn();
    const onForceQuit = vi.fn();
    const view = startLiveView({
      stdout: out.asStream(),
      stdin: input.asStream(),
      color: false,
      onQuit,
      onForceQuit,
    });
    view.update(frameFor(TWO_TARGETS));
    await sleep(30);
    input.press('q');
    await sleep(30);
    input.press('\u0003');
    await sleep(30);
    expect(onQuit).toHaveBeenCalledTimes(1);
    expect(onQuit).toHaveBeenCalledWith('q');
    expect(onForceQuit).toHaveBeenCalledTimes(1);
    await view.stop();
  });

  it('repaints on a ticker between 4 and 20 times a second when polling', async () => {
    const out = new FakeTtyOut();
    const input = new FakeTtyIn();
    const frame = frameFor(TWO_TARGETS);
    const poll = vi.fn(() => frame);
    const view = startLiveView({
      stdout: out.asStream(),
      stdin: input.asStream(),
      color: false,
      onQuit: () => {},
      poll,
    });
    await sleep(1000);
    await view.stop();
    // default 8/s: allow for a slow shared machine, but never below the 4/s floor by design
    expect(poll.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(poll.mock.calls.length).toBeLessThanOrEqual(10);
  });

  it('does not read keys from a stdin that is not a terminal, and says only Ctrl-C', async () => {
    const out = new FakeTtyOut();
    const input = new FakeTtyIn();
    input.isTTY = false;
    const view = startLiveView({
      stdout: out.asStream(),
      stdin: input.asStream(),
      color: false,
      onQuit: () => {},
    });
    view.update(frameFor(TWO_TARGETS));
    await view.stop();
    expect(input.rawModeCalls).toEqual([]);
    const text = stripAnsi(out.text);
    expect(text).toContain('Ctrl-C stop early');
    expect(text).not.toContain('q or Ctrl-C');
  });
});

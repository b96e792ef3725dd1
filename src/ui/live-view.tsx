import { render, type Instance } from 'ink';
import { BenchView, type QuitReason } from './bench-view.js';
import type { LiveFrame } from './live-frame.js';

/**
 * The live TUI of `shepherd bench`. The only module (with bench-view.tsx) that loads ink and
 * react: callers reach it with `await import('../ui/live-view.js')` on the TTY path only.
 *
 * Frames are pushed with `update()` (or pulled with `poll`); the view repaints at most `fps`
 * times a second (default 8: comfortably above the 4/s floor, well below flicker) and only
 * when something changed. While it is mounted nothing else may write to its stream: pass
 * notes as `LiveFrame.warnings`.
 */

export type { QuitReason };

export interface LiveViewOptions {
  /** The terminal stream to draw on: the bench passes stderr (progress goes there, SPEC §4). */
  stdout: NodeJS.WriteStream;
  /** Keys are read from here when it is a terminal; default process.stdin. */
  stdin?: NodeJS.ReadStream | undefined;
  color: boolean;
  /** The first `q` or Ctrl-C: stop dispatching, finish or cancel in-flight requests. Called once. */
  onQuit: (reason: QuitReason) => void;
  /** Ctrl-C again after quitting: end at once (raw mode hides SIGINT from the process). */
  onForceQuit?: (() => void) | undefined;
  /** Called on every tick to take a fresh frame, instead of (or besides) `update()`. */
  poll?: (() => LiveFrame) | undefined;
  /** Repaints per second; clamped to 4..20. */
  fps?: number | undefined;
}

export interface LiveView {
  /** Offers a new frame; painted on the next tick (immediately when the view is idle). */
  update(frame: LiveFrame): void;
  /**
   * Paints `finalFrame` (or the last frame) at once, unmounts, releases raw mode and resolves
   * when the output is flushed. The last frame stays on screen. Safe to call twice.
   */
  stop(finalFrame?: LiveFrame): Promise<void>;
}

export function startLiveView(options: LiveViewOptions): LiveView {
  const fps = Math.min(20, Math.max(4, options.fps ?? 8));
  const intervalMs = Math.round(1000 / fps);
  let latest: LiveFrame | null = null;
  let dirty = false;
  let lastPaint = 0;
  let stopped: Promise<void> | undefined;
  let quitCalled = false;

  const onQuit = (reason: QuitReason): void => {
    if (quitCalled) return;
    quitCalled = true;
    options.onQuit(reason);
  };
  const onForceQuit = (): void => options.onForceQuit?.();

  const tree = (frame: LiveFrame | null) => (
    <BenchView frame={frame} color={options.color} onQuit={onQuit} onForceQuit={onForceQuit} />
  );

  const instance: Instance = render(tree(null), {
    stdout: options.stdout,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: Math.max(fps * 2, 10),
  });

  const paint = (): void => {
    dirty = false;
    lastPaint = performance.now();
    instance.rerender(tree(latest));
  };

  const timer = setInterval(() => {
    if (options.poll) {
      latest = options.poll();
      dirty = true;
    }
    if (dirty) paint();
  }, intervalMs);
  timer.unref();

  return {
    update(frame) {
      if (stopped) return;
      latest = frame;
      dirty = true;
      if (performance.now() - lastPaint >= intervalMs) paint();
    },
    stop(finalFrame) {
      if (stopped) return stopped;
      clearInterval(timer);
      if (finalFrame) latest = finalFrame;
      else if (options.poll) latest = options.poll();
      instance.rerender(tree(latest));
      const exited = instance.waitUntilExit();
      instance.unmount();
      stopped = exited.then(
        () => undefined,
        () => undefined,
      );
      return stopped;
    },
  };
}

import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { looksOf } from '../../ui/terminal.js';
import type { LiveFrame } from '../../ui/live-frame.js';
import type { LiveView } from '../../ui/live-view.js';

/**
 * Starts the live view (bench or sweep) on stderr with the keys every bench view shares: q or
 * Ctrl-C stops the run (Ctrl-C counts as the first Ctrl-C), Ctrl-C again ends the process once
 * the view has given the terminal back. ink and react load here, only when a view starts.
 */
export async function openLiveView(o: {
  io: Io;
  globals: GlobalOptions;
  stop: AbortController;
  poll: () => LiveFrame;
  /** Called before the run is stopped by a key. */
  onKeyQuit?: () => void;
}): Promise<LiveView> {
  const { io } = o;
  const { startLiveView } = await import('../../ui/live-view.js');
  const live: LiveView = startLiveView({
    stdout: io.stderr as NodeJS.WriteStream,
    // The live view only runs on a terminal, whatever the stream object says about itself.
    color: looksOf({ stream: { isTTY: true }, env: io.env, noColorFlag: o.globals.color === false })
      .color,
    onQuit: (reason) => {
      o.onKeyQuit?.();
      o.stop.abort();
      // The Ctrl-C key counts as the first Ctrl-C, so the next one ends the process.
      if (reason === 'ctrl-c') io.interrupt?.();
    },
    // Ctrl-C again (after q or Ctrl-C): out now, as a second SIGINT would. The view lets go
    // of the terminal first (raw mode off, cursor back), then the process ends.
    onForceQuit: () => {
      void live.stop();
      if (!io.signal.aborted) io.interrupt?.();
      io.interrupt?.();
    },
    poll: o.poll,
  });
  return live;
}

import { useEffect, useRef, useState } from 'react';
import { Box, Text, useInput, useStdin, useStdout } from 'ink';
import { painter } from './color.js';
import type { LiveFrame } from './live-frame.js';
import { layoutBenchView, paintLine } from './live-layout.js';

export type QuitReason = 'q' | 'ctrl-c';

export interface BenchViewProps {
  /** null until the runner's first frame arrives. */
  frame: LiveFrame | null;
  color: boolean;
  /** Terminal width; default: the output stream's `columns`, following resizes, else 100. */
  columns?: number | undefined;
  /** The first `q` or Ctrl-C: end the run early with the summary. Called once. */
  onQuit?: ((reason: QuitReason) => void) | undefined;
  /** Ctrl-C after a quit was asked for: the user wants out now. */
  onForceQuit?: (() => void) | undefined;
}

/** The live bench table. Renders the laid-out lines of live-layout.ts; owns only key handling. */
export function BenchView({ frame, color, columns, onQuit, onForceQuit }: BenchViewProps) {
  const { isRawModeSupported } = useStdin();
  const width = useColumns(columns);
  const { stdout } = useStdout();
  const [stopping, setStopping] = useState(false);
  const [panel, setPanel] = useState<PanelState>({ open: false, target: 0 });
  // Keys can come faster than renders: read and write the panel through a ref, not the closure.
  const panelRef = useRef(panel);
  const quitAsked = useRef(false);
  const finished = frame?.finished ?? false;
  const targets = frame?.targets.length ?? 0;

  useInput(
    (input, key) => {
      const ctrlC = key.ctrl && input === 'c';
      const next = panelKey(panelRef.current, input, key, targets);
      if (next) {
        panelRef.current = next;
        return setPanel(next);
      }
      if (!ctrlC && input !== 'q' && input !== 'Q') return;
      if (quitAsked.current) {
        if (ctrlC) onForceQuit?.();
        return;
      }
      quitAsked.current = true;
      setStopping(true);
      onQuit?.(ctrlC ? 'ctrl-c' : 'q');
    },
    { isActive: isRawModeSupported === true && !finished },
  );

  if (!frame) return <Text>shepherd bench · starting…</Text>;
  const paint = painter(color);
  const lines = layoutBenchView(frame, {
    columns: width,
    rows: stdout.rows > 0 ? stdout.rows : undefined,
    stopping,
    keys: isRawModeSupported === true,
    histogram: panel.open ? Math.min(panel.target, Math.max(0, targets - 1)) : undefined,
  });
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {paintLine(line, paint) || ' '}
        </Text>
      ))}
    </Box>
  );
}

/**
 * `h` opens and closes the latency histogram panel; with it open, `↑`/`↓` choose its target
 * (wrapping around). Returns the new panel state, or undefined for any other key.
 */
export interface PanelState {
  open: boolean;
  target: number;
}

export function panelKey(
  panel: PanelState,
  input: string,
  key: { upArrow: boolean; downArrow: boolean },
  targets: number,
): PanelState | undefined {
  if (input === 'h' || input === 'H') return { ...panel, open: !panel.open };
  if (!panel.open || targets === 0) return undefined;
  if (key.upArrow) return { ...panel, target: (panel.target - 1 + targets) % targets };
  if (key.downArrow) return { ...panel, target: (panel.target + 1) % targets };
  return undefined;
}

/** The given width, or the output stream's, re-rendering when the terminal is resized. */
function useColumns(fixed: number | undefined): number {
  const { stdout } = useStdout();
  const read = (): number => fixed ?? (stdout.columns > 0 ? stdout.columns : 100);
  const [columns, setColumns] = useState(read);
  useEffect(() => {
    if (fixed !== undefined) return;
    const onResize = (): void => setColumns(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  });
  return fixed ?? columns;
}

import { padCells, textWidth } from './cells.js';
import {
  formatClock,
  formatCompact,
  formatMs,
  formatPercent,
  formatRate,
  formatTargetRate,
} from './format.js';
import { targetRow, type LiveFrame, type TargetRow } from './live-frame.js';
import { drainText, THIN_MARK } from './live-layout.js';

/**
 * Plain progress for runs without the TUI (CI, off a TTY, `--no-tui`), written to stderr:
 * one line per target every few seconds, never an ANSI code, e.g.
 * `[  5.0s/15s] gpt-4.1  42 req (0 err)  ok 100%  p50 512 ms  p99 1.21 s  ttft p50 301 ms  8.3 req/s  412 tok/s`
 */

/** Control characters (ESC included) never reach a log, whatever a target is called. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

function stamp(frame: LiveFrame): string {
  const elapsed = formatClock(frame.elapsedMs);
  if (frame.phase === 'warmup') return `[warm-up ${elapsed}]`;
  if (frame.totalMs !== undefined && frame.totalMs > 0) {
    return `[${elapsed.padStart(6)}/${formatClock(frame.totalMs, true)}]`;
  }
  if (frame.requestsTotal !== undefined && frame.requestsTotal > 0) {
    const total = formatCompact(frame.requestsTotal);
    return `[${formatCompact(frame.requestsDone).padStart(total.length)}/${total} req ${elapsed.padStart(6)}]`;
  }
  return `[${elapsed.padStart(6)}]`;
}

function targetLine(r: TargetRow, nameWidth: number): string {
  const errs =
    r.errors === 0
      ? '(0 err)'
      : `(${formatCompact(r.errors)} err: ${r.errorsByClass.map(([c, n]) => `${c} ${n}`).join(', ')})`;
  const rate =
    r.targetRps !== null
      ? `${formatRate(r.rps)}/${formatTargetRate(r.targetRps)}`
      : formatRate(r.rps);
  const tok = `${r.tokensSource === 'chunks' ? '~' : ''}${formatRate(r.tokensPerS)} tok/s`;
  const mark = (key: string, v: number | null): string =>
    `${formatMs(v)}${v !== null && r.thin.has(key) ? THIN_MARK : ''}`;
  return [
    padCells(clean(r.name), nameWidth),
    `${formatCompact(r.requests)} req (${formatCompact(r.inFlight)} in flight) ${errs}`,
    `ok ${formatPercent(r.successRate)}`,
    `p50 ${mark('latency.p50', r.latency.p50)}`,
    `p99 ${mark('latency.p99', r.latency.p99)}`,
    `ttft p50 ${mark('ttft.p50', r.ttft.p50)}`,
    `${rate} req/s`,
    tok,
  ].join('  ');
}

/** The progress lines of one frame, each ending in a newline; no ANSI codes. */
export function renderProgressLines(frame: LiveFrame): string {
  const prefix = stamp(frame);
  if (frame.phase === 'warmup' && !frame.finished) {
    return `${prefix} warming up: figures start after the warm-up\n`;
  }
  const rows = frame.targets.map(targetRow);
  const nameWidth = Math.min(30, Math.max(0, ...rows.map((r) => textWidth(clean(r.name)))));
  const { fraction, etaMs } = frame;
  let out = '';
  for (const r of rows) out += `${prefix} ${targetLine(r, nameWidth)}\n`;
  if (rows.some((r) => r.thin.size > 0)) {
    out += `${prefix} ${THIN_MARK} too few requests yet for this percentile: it reads as the max\n`;
  }
  if (rows.length > 1 || fraction !== null) {
    const pct = fraction === null ? '' : ` · ${formatPercent(fraction, 0)}`;
    // No ETA while draining: the drain line says how long it may still take.
    const eta =
      etaMs === null || frame.finished || frame.phase === 'drain'
        ? ''
        : ` · ETA ${formatClock(etaMs)}`;
    // Sent, as each target's line and the summary count them.
    const sent = rows.reduce((n, r) => n + r.requests, 0);
    if (rows.length > 1 || eta) out += `${prefix} ${formatCompact(sent)} req in all${pct}${eta}\n`;
  }
  return out;
}

export interface ProgressPrinter {
  /** What to write to stderr for this frame: '' until the next line is due. */
  next(frame: LiveFrame): string;
}

/**
 * Rate-limits progress lines to one batch every `intervalMs` of run time (default 5 s);
 * each new warning is printed once, as soon as it appears. The final frame prints nothing:
 * the summary follows.
 */
export function progressPrinter(options: { intervalMs?: number } = {}): ProgressPrinter {
  const interval = Math.max(500, options.intervalMs ?? 5000);
  const seen = new Set<string>();
  let nextAt = interval;
  let lastPhase: LiveFrame['phase'];
  return {
    next(frame) {
      let out = '';
      for (const w of frame.warnings) {
        if (seen.has(w)) continue;
        seen.add(w);
        out += `warning: ${clean(w)}\n`;
      }
      if (frame.finished) return out;
      if (frame.phase === 'drain') {
        // Once, when the window ends: the figures so far, then what the drain waits for.
        if (lastPhase === 'drain' || !frame.drain) return out;
        lastPhase = 'drain';
        return `${out}${renderProgressLines(frame)}${stamp(frame)} ${drainText(frame, frame.drain)}\n`;
      }
      if (frame.phase !== lastPhase) {
        // The clock restarts when the warm-up ends.
        lastPhase = frame.phase;
        nextAt = interval;
      }
      if (frame.elapsedMs >= nextAt) {
        out += renderProgressLines(frame);
        nextAt = (Math.floor(frame.elapsedMs / interval) + 1) * interval;
      }
      return out;
    },
  };
}

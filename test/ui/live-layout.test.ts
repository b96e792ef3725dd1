import { describe, expect, it } from 'vitest';
import { painter } from '../../src/ui/color.js';
import textWidth from 'string-width';
import { renderBenchViewText } from '../../src/ui/live-layout.js';
import { frameFor, TWO_TARGETS, type TargetPlan } from './helpers.js';

const plain = painter(false);
const text = (
  frame: ReturnType<typeof frameFor>,
  opts: { columns: number; rows?: number; stopping?: boolean },
) => renderBenchViewText(frame, opts, plain);

describe('layoutBenchView', () => {
  it('bench --route: a line with each model of the chain and its breaker state, coloured by state', () => {
    const frame = frameFor(TWO_TARGETS, {
      breakers: [
        { model: 'gpt-4.1', state: 'open' },
        { model: 'claude-sonnet-4.5', state: 'half_open' },
        { model: 'gemini-2.5-flash', state: 'closed' },
      ],
    });
    expect(text(frame, { columns: 100 })).toContain(
      'breakers  gpt-4.1 open · claude-sonnet-4.5 half-open · gemini-2.5-flash closed',
    );
    const coloured = renderBenchViewText(frame, { columns: 100 }, painter(true));
    expect(coloured).toContain('\u001b[31mopen\u001b[39m');
    expect(text(frameFor(TWO_TARGETS), { columns: 100 })).not.toContain('breakers');
  });

  it('shows achieved/target req/s in open loop and flags a rate that is not kept', () => {
    const frame = frameFor(TWO_TARGETS, { targetRps: 50 });
    const out = text(frame, { columns: 100 });
    expect(out.split('\n').find((l) => l.startsWith('gpt-4.1'))).toContain('10.0/50');
    const coloured = renderBenchViewText(frame, { columns: 100 }, painter(true));
    expect(coloured).toContain('\u001b[31m10.0/50\u001b[39m');
    // too early to judge: the rate starts at zero
    const early = renderBenchViewText(
      { ...frame, elapsedMs: 1000 },
      { columns: 100 },
      painter(true),
    );
    expect(early).not.toContain('\u001b[31m50.0/50');
  });

  it('shows request-count progress with an ETA for -n runs, and elapsed time for open-ended ones', () => {
    const byCount = text(frameFor(TWO_TARGETS, { totalMs: undefined, requestsTotal: 400 }), {
      columns: 100,
    });
    expect(byCount).toMatch(/36%\s+144 \/ 400 req\s+·\s+8\.0s\s+ETA 14\.2s/);
    const open = text(frameFor(TWO_TARGETS, { totalMs: undefined }), { columns: 100 });
    expect(open).toContain('8.0s elapsed · 144 req');
    expect(open).not.toContain('ETA');
  });

  it('says it is warming up and stopping', () => {
    expect(text(frameFor(TWO_TARGETS, { phase: 'warmup' }), { columns: 100 })).toContain(
      '● warming up',
    );
    const stopping = text(frameFor(TWO_TARGETS), { columns: 100, stopping: true });
    expect(stopping).toContain('■ stopping…');
    expect(stopping).toContain('waiting for in-flight requests');
  });

  it('wraps long warnings instead of cutting them', () => {
    const w =
      'client could not keep the target rate: achieved 41.2 of 50 req/s; event-loop lag p99 23 ms';
    const out = text(frameFor(TWO_TARGETS, { warnings: [w] }), { columns: 50 });
    const lines = out
      .split('\n')
      .filter((l) => l.startsWith('⚠') || (l.startsWith('  ') && !l.includes('↳')));
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(w.replace(/^/, '⚠ '));
    for (const l of out.split('\n')) expect([...l].length).toBeLessThanOrEqual(50);
  });

  it('lines up and fits target names with CJK and emoji to the terminal width', () => {
    const wide: TargetPlan[] = [
      { name: '通义千问-max', ok: 10 },
      { name: '🚀-fast', ok: 10 },
      { name: 'gpt-4.1', ok: 10 },
    ];
    for (const columns of [60, 100]) {
      const lines = text(frameFor(wide), { columns }).split('\n');
      for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(columns);
      const rows = wide.map((t) => lines.find((l) => l.startsWith(t.name)) ?? '');
      // measured in cells as a terminal (and ink) does: the request count starts at the same
      // cell on every row, whatever glyphs the name has
      const cells = rows.map((r) => textWidth(r.slice(0, r.indexOf(' 10 '))));
      expect(cells[0]).toBeGreaterThan(textWidth('通义千问-max'));
      expect(new Set(cells).size).toBe(1);
    }
  });

  it('fits a short terminal: drops blank lines, then hides rows it cannot show', () => {
    const many: TargetPlan[] = Array.from({ length: 12 }, (_, i) => ({
      name: `model-${i}`,
      ok: 10,
    }));
    const out = text(frameFor(many), { columns: 100, rows: 14 });
    const lines = out.split('\n');
    expect(lines.length).toBeLessThanOrEqual(13);
    expect(lines).not.toContain('');
    expect(out).toMatch(/… \d+ more targets/);
    expect(out).toContain('model-0');
    expect(lines[lines.length - 1]).toContain('q or Ctrl-C'); // the key hint stays
    // with room, nothing is hidden
    expect(text(frameFor(many), { columns: 100, rows: 60 })).not.toContain('more target');
  });
});

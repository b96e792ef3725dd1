/** `shepherd config`: the resolved settings and where each came from. */
import type { GlobalOptions } from '../context.js';
import type { Io } from '../io.js';
import { EXIT } from '../../core/exit-codes.js';
import { describeSettings, type SettingRow } from '../../config/describe.js';
import { loadSettings } from '../../config/load.js';
import type { Painter } from '../../ui/color.js';
import { renderTable, type TableColumn } from '../../ui/table.js';
import { looksFor } from '../looks.js';

/** The base URL given to pointAtSimulator under --simulate: each run starts its simulator on a free port. */
export const SIMULATOR_URL = 'http://127.0.0.1:<free port per run>/v1';

export async function runConfig(
  io: Io,
  globals: GlobalOptions,
  opts: { json?: boolean },
): Promise<number> {
  let settings = loadSettings({ flags: globals, env: io.env, cwd: io.cwd });
  if (globals.simulate) {
    // What a command run with --simulate uses: the simulator child, no key, -simulate files.
    const { pointAtSimulator } = await import('../runtime.js');
    settings = pointAtSimulator(settings, SIMULATOR_URL);
  }
  const rows = globals.simulate
    ? simulatedRows(describeSettings(settings), globals)
    : describeSettings(settings);
  if (!globals.quiet) {
    for (const note of settings.notes ?? []) io.stderr.write(`shepherd: note: ${note}\n`);
  }
  if (opts.json) {
    const document = {
      schema: 'shepherd.config/v1',
      settings: rows.map(({ key, value, source }) => ({ key, value, source })),
    };
    io.stdout.write(JSON.stringify(document, null, 2) + '\n');
  } else {
    io.stdout.write(renderSettingsTable(rows, looksFor(io, globals)));
  }
  return EXIT.ok;
}

/**
 * Three columns (setting, value, source), one line per setting when they fit; a long value
 * or source wraps inside its column so no line is wider than the terminal.
 */
export function renderSettingsTable(
  rows: readonly SettingRow[],
  looks: { columns: number; paint: Painter },
): string {
  const cols: TableColumn[] = [
    { header: 'setting' },
    { header: 'value', wrap: true, minWidth: 16 },
    { header: 'source', wrap: true, minWidth: 16 },
  ];
  return `${renderTable(
    cols,
    rows.map((r) => [r.key, r.text, r.source]),
    looks,
  )}\n`;
}

/** Under --simulate each command starts its own simulator child on a free port, without keys. */
function simulatedRows(rows: SettingRow[], globals: GlobalOptions): SettingRow[] {
  const source = 'flag --simulate';
  const out = rows.map((row): SettingRow => {
    if (row.key === 'stateFile' || row.key === 'usageLedger') {
      return { ...row, source: `${row.source}, -simulate by ${source}` };
    }
    // pointAtSimulator already set these rows' values (no keys) and sources (flag --simulate);
    // only the words differ, since the port is picked per command.
    if (!row.key.startsWith('gateways.')) return row;
    if (row.key.endsWith('.baseUrl')) {
      return {
        ...row,
        value: null,
        text: '(simulator child on a free loopback port, per command)',
      };
    }
    if (row.key.endsWith('.keys')) return { ...row, text: '(none: --simulate never sends a key)' };
    return row;
  });
  const profile = globals.simulateProfile;
  out.splice(1, 0, {
    key: 'simulator.profile',
    value: profile ?? 'default',
    text: profile ?? 'default',
    source: profile === undefined ? 'default' : 'flag --simulate-profile',
  });
  return out;
}

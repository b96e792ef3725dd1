import { basename, dirname, join } from 'node:path';
import type { Settings } from '../config/types.js';
import type { GlobalOptions } from './context.js';
import type { Io } from './io.js';
import { ShepherdClient, type ClientOptions } from '../core/client.js';
import { packageVersion } from './version.js';
import { loadSettings } from '../config/load.js';

/**
 * What a command that talks to a gateway needs: resolved settings (with `--simulate`
 * applied) and a client factory. `close()` stops the client(s) and the simulator child.
 */
export interface Runtime {
  settings: Settings;
  /** Set when `--simulate` started a simulator child. */
  simulatorUrl?: string;
  client(options?: Partial<ClientOptions>): ShepherdClient;
  close(): Promise<void>;
}

export async function openRuntime(globals: GlobalOptions, io: Io): Promise<Runtime> {
  let settings = await loadSettings({ flags: globals, env: io.env, cwd: io.cwd });
  if (!globals.quiet)
    for (const note of settings.notes ?? []) io.stderr.write(`shepherd: note: ${note}\n`);
  let stopSimulator: (() => Promise<void>) | undefined;
  let simulatorUrl: string | undefined;
  if (globals.simulate) {
    const { startSimulatorProcess } = await import('../simulator/process.js');
    const sim = await startSimulatorProcess({
      ...(globals.simulateProfile ? { profile: globals.simulateProfile } : {}),
      // A profile file is named relative to where the user is, not where node started.
      cwd: io.cwd,
    });
    stopSimulator = () => sim.close();
    simulatorUrl = sim.url;
    settings = pointAtSimulator(settings, sim.url);
  } else if (Object.values(settings.gateways).some((g) => g.apiKeyCmd !== undefined)) {
    // After --simulate, which never sends a key: no key command runs for the simulator.
    // Loaded only when a gateway has one (it loads node:child_process).
    const { withCommandKeys } = await import('./key-command.js');
    settings = withCommandKeys(settings, io);
  }
  const clients: ShepherdClient[] = [];
  const said = new Set<string>();
  return {
    settings,
    ...(simulatorUrl ? { simulatorUrl } : {}),
    client(options = {}) {
      const c = new ShepherdClient({
        settings,
        env: io.env,
        userAgent: `shepherd/${packageVersion()}`,
        ...options,
      });
      // An unwritable or malformed state file is one line on stderr; the run goes on.
      c.store.onWarning = (line) => {
        if (said.has(line)) return;
        said.add(line);
        io.stderr.write(`shepherd: ${line}\n`);
      };
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await stopSimulator?.();
    },
  };
}

/**
 * `--simulate`: every gateway points at the simulator, keys are dropped (a real key is
 * never sent to it), and health/breaker state and the usage ledger go to `-simulate`
 * files so a demo never changes what real runs skip or what `cost --from usage` bills.
 */
export function pointAtSimulator(settings: Settings, url: string): Settings {
  const gateways: Settings['gateways'] = {};
  for (const [name, gw] of Object.entries(settings.gateways)) {
    gateways[name] = { name: gw.name, baseUrl: url, headers: gw.headers, keys: [] };
  }
  const sources = { ...settings.sources };
  for (const name of Object.keys(gateways)) {
    sources[`gateways.${name}.baseUrl`] = { kind: 'flag', detail: '--simulate' };
    sources[`gateways.${name}.keys`] = { kind: 'flag', detail: '--simulate' };
  }
  // The simulator listens on a new port every run: its model list is not worth a file.
  const { modelListFile: _notCached, ...rest } = settings;
  return {
    ...rest,
    gateways,
    sources,
    stateFile: suffixed(settings.stateFile, '-simulate'),
    usageLedger: suffixed(settings.usageLedger, '-simulate'),
  };
}

function suffixed(path: string, suffix: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  const withSuffix =
    dot > 0 ? `${name.slice(0, dot)}${suffix}${name.slice(dot)}` : `${name}${suffix}`;
  return join(dirname(path), withSuffix);
}

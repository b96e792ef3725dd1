// Proves `shepherd chat`, `health` and `cost` never load ink or react (issue #3). Each
// command runs as its own process with bench/module-trace.mjs preloaded (it records every
// module the process resolves or requires), against the zero-latency simulator, both with
// pipes and inside a pseudo-terminal (script(1)) so the TTY code paths are covered too. A
// positive control (importing dist/ui/live-view.js, the only module that loads ink, and the
// bundle's TUI chunk) must show ink and react, proving the tracer sees them. Exit 1 if any check fails.
// Run after `npm run build`:  node bench/no-ink.mjs
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const trace = fileURLToPath(new URL('./module-trace.mjs', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'shepherd-noink-'));
const env = {
  ...process.env,
  HOME: home,
  XDG_STATE_HOME: join(home, 'state'),
  XDG_DATA_HOME: join(home, 'data'),
  XDG_CONFIG_HOME: join(home, 'config'),
  NO_COLOR: '1',
};

const sim = spawn(
  process.execPath,
  ['dist/simulator/main.js', '--port', '0', '--profile', 'zero'],
  {
    cwd: root,
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const url = await new Promise((resolve, reject) => {
  let text = '';
  sim.stdout.on('data', (d) => {
    text += d;
    const m = /listening on (http\S+)/.exec(text);
    if (m) resolve(m[1]);
  });
  sim.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
});

const cases = [
  ['chat', ['chat', '--base-url', url, '-m', 'gpt-4.1', '--no-log', '--max-tokens', '8', 'hi']],
  ['health', ['health', '--base-url', url, 'gpt-4.1']],
  ['health --probe models', ['health', '--base-url', url, '--probe', 'models', 'gpt-4.1']],
  ['cost', ['cost', '--tokens', '10M', '-m', 'gpt-4.1,deepseek-v3.2']],
  ['cost --prices', ['cost', '--prices']],
];
const shq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
let n = 0;
function modulesOf(args, tty) {
  const out = join(home, `mods-${n++}.txt`);
  const argv = [process.execPath, '--import', trace, ...args];
  const e = { ...env, TRACE_MODULES_OUT: out };
  let status = 0;
  try {
    if (tty) {
      execFileSync('script', ['-qec', argv.map(shq).join(' '), '/dev/null'], {
        cwd: root,
        env: e,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } else {
      execFileSync(argv[0], argv.slice(1), {
        cwd: root,
        env: e,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    }
  } catch (err) {
    status = err.status ?? 1;
  }
  const mods = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : [];
  return { status, mods };
}
const UI = /\/node_modules\/(ink|react|react-reconciler)\//;
const uiPackage = (m) => UI.test(m);
const pkg = (m) => UI.exec(m)[1];

const rows = [];
let failed = false;
for (const [name, args] of cases) {
  for (const tty of [false, true]) {
    const { status, mods } = modulesOf(['bin/shepherd', ...args], tty);
    const bad = [...new Set(mods.filter(uiPackage).map(pkg))];
    const ok = status === 0 && mods.length > 20 && bad.length === 0;
    if (!ok) failed = true;
    rows.push(
      `${ok ? 'PASS' : 'FAIL'}  ${`shepherd ${name}`.padEnd(32)} ${tty ? 'pty ' : 'pipe'}  exit ${status}  ${String(mods.length).padStart(4)} modules  ink/react: ${bad.length ? bad.join(',') : 'none'}`,
    );
  }
}
// Positive control: the tracer must see ink and react when they are loaded.
const control = modulesOf(
  ['--input-type=module', '-e', "await import('./dist/ui/live-view.js')"],
  false,
);
const seen = [...new Set(control.mods.filter(uiPackage).map(pkg))];
const controlOk = seen.includes('ink') && seen.includes('react');
if (!controlOk) failed = true;
rows.push(
  `${controlOk ? 'PASS' : 'FAIL'}  control: import dist/ui/live-view.js         sees: ${seen.join(',') || 'nothing'}`,
);
// The same for the bundle bin/shepherd runs: its TUI chunk (the one importing ink) must load
// ink and react from node_modules, where the tracer sees them.
const bundleDir = join(root, 'dist', 'bundle');
const tuiChunk = readdirSync(bundleDir).find(
  (f) => f.endsWith('.js') && /from ["']ink["']/.test(readFileSync(join(bundleDir, f), 'utf8')),
);
const bundled = tuiChunk
  ? modulesOf(['--input-type=module', '-e', `await import('./dist/bundle/${tuiChunk}')`], false)
  : { mods: [] };
const seenBundled = [...new Set(bundled.mods.filter(uiPackage).map(pkg))];
const bundleOk = seenBundled.includes('ink') && seenBundled.includes('react');
if (!bundleOk) failed = true;
rows.push(
  `${bundleOk ? 'PASS' : 'FAIL'}  control: import the bundle's TUI chunk ${tuiChunk ?? '(none found)'}  sees: ${seenBundled.join(',') || 'nothing'}`,
);

console.log(
  `modules loaded per command (node ${process.version}; ink, react, react-reconciler must not appear)`,
);
for (const r of rows) console.log(r);
sim.stdin.end();
sim.kill();
rmSync(home, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

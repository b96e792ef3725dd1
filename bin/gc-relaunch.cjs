'use strict';
/**
 * `shepherd bench` runs in a child Node started with `--single-threaded-gc`; this process only
 * relays signals to it and exits as it does. V8's parallel GC helper threads otherwise wake on
 * the other cores, beside the server under test: on a 2-core machine they cost the bench 5–12 %
 * of its requests a second against a local gateway (docs/performance.md). The flag cannot be set
 * from inside a running process (V8 aborts) nor through NODE_OPTIONS (Node refuses it).
 *
 * Signals reach the child once: it ignores SIGINT and SIGTERM sent to it directly (a terminal's
 * Ctrl-C reaches both processes, a `kill` only this one) and acts on what this process tells it
 * over the IPC channel (src/cli/process-io.ts). If the child cannot be started, the CLI runs here.
 */

/** Global options that take a value (src/cli/program.ts), to find the command word. */
const VALUE_OPTIONS = new Set(['--base-url', '--api-key-env', '--config', '--simulate-profile']);

/** The command word of `argv` (the arguments after the script), or undefined. */
function commandOf(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return argv[i + 1];
    if (!a.startsWith('-')) return a;
    if (VALUE_OPTIONS.has(a)) i++;
  }
  return undefined;
}

/**
 * Whether to run in a child with the flag: a `bench` command, not already in such a child, not
 * given the flag by the user, and not turned off with SHEPHERD_GC_RELAUNCH=0.
 */
function wantsRelaunch(argv, execArgv, env) {
  if (env.SHEPHERD_GC_CHILD === '1' || env.SHEPHERD_GC_RELAUNCH === '0') return false;
  if (execArgv.includes('--single-threaded-gc')) return false;
  return commandOf(argv) === 'bench';
}

/**
 * Starts `node [execArgv] --single-threaded-gc SCRIPT argv` and relays to it; calls `fallback()`
 * (the CLI in this process) if it cannot be started.
 */
function relaunch(script, argv, fallback) {
  const { spawn } = require('node:child_process');
  let child;
  let started = false;
  /** Signals that came before the child was running: sent once it is. */
  const pending = [];
  const send = (signal) => {
    try {
      child.send({ shepherdSignal: signal });
    } catch {
      // The child is already gone: its exit ends this process.
    }
  };
  const forward = (signal) => {
    if (started) send(signal);
    else pending.push(signal);
  };
  const release = () => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  };
  // Before the child exists: a signal that comes while it starts is kept, not fatal here.
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    child = spawn(
      process.execPath,
      [...process.execArgv, '--single-threaded-gc', script, ...argv],
      {
        stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, SHEPHERD_GC_CHILD: '1' },
      },
    );
  } catch {
    release();
    fallback();
    return;
  }
  child.once('spawn', () => {
    started = true;
    for (const signal of pending.splice(0)) send(signal);
  });
  child.once('error', () => {
    if (started) return;
    release();
    fallback();
  });
  child.once('exit', (code, signal) => {
    release();
    if (signal) {
      // Ended by a signal: this process ends the same way (its handlers are off).
      process.kill(process.pid, signal);
      return;
    }
    process.exitCode = code ?? 1;
  });
}

module.exports = { VALUE_OPTIONS, commandOf, wantsRelaunch, relaunch };

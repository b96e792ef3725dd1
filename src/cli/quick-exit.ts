/**
 * For a command that sends a few requests and ends (`chat`, `models`, one round of
 * `health`): undici's HTTP/1.1 parser (llhttp, WebAssembly, compiled once per process on the
 * first connection) is compiled by V8's baseline compiler only. By default V8 also
 * recompiles it with its optimising compiler on a background thread, and Node waits for
 * that job before the process can end: ~70 ms of every `shepherd chat` (and ~70 ms of CPU),
 * for a parser that then reads one short response. The answer and every byte of output are
 * the same; only the tier the parser runs in differs. `bench` and `health --watch` never call
 * this: they parse many responses and keep the optimised parser.
 *
 * Process-wide and one-way, so only for the real process (`Io.quickExit`); it acts only if
 * it runs before the first connection. Only on Node 20 and 21: from Node 22 on, V8 optimises
 * WebAssembly only when it runs hot, and the process ends at once without the flag (measured
 * on 22, 24 and 26; an unknown V8 flag would also print an error line).
 */
export async function compileParserForQuickExit(): Promise<void> {
  if (Number(process.versions.node.split('.')[0]) >= 22) return;
  // undici is loaded first, under Node's own V8 flags: V8 refuses a code cache made under
  // other flags, and the one of dist/bundle/undici-lean.cjs is shared with `bench`.
  const { loadTransport } = await import('../core/transport.js');
  loadTransport();
  // node:v8 (~1 ms to load) only here, not at the start of every command.
  process.getBuiltinModule('node:v8').setFlagsFromString('--liftoff-only');
}

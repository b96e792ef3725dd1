import type { InStream } from './io.js';

/**
 * Reads piped stdin as text. A pipe or file is read to its end; any other kind of stdin
 * (a socket left open by a parent process) counts as "nothing piped" when no byte arrives
 * within `idleMs`, so `shepherd chat` never hangs waiting for input that will not come.
 */
export async function readPiped(stdin: InStream | undefined, idleMs?: number): Promise<string> {
  if (!stdin) return '';
  const iterator = stdin[Symbol.asyncIterator]();
  const parts: string[] = [];
  let first = true;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const next = iterator.next();
    const step =
      first && idleMs !== undefined
        ? await Promise.race([
            next,
            new Promise<'idle'>((resolve) => {
              timer = setTimeout(() => resolve('idle'), idleMs);
            }),
          ])
        : await next;
    clearTimeout(timer);
    if (step === 'idle') {
      void iterator.return?.();
      return '';
    }
    if (step.done) break;
    first = false;
    parts.push(typeof step.value === 'string' ? step.value : step.value.toString('utf8'));
  }
  return parts.join('');
}

import { Option, type Command } from 'commander';
import { action, globalsOf, type ProgramContext } from '../context.js';
import { addModelFlag } from '../model-flag.js';
import type { ChatOptions } from './run-chat.js';

export function registerChat(program: Command, ctx: ProgramContext): Command {
  const cmd = program
    .command('chat')
    .description('ask for one answer through the fallback chain, streamed as it arrives')
    .argument('[prompt...]', 'the prompt; piped stdin is appended after a blank line');
  return addModelFlag(
    cmd,
    'model',
    'models to try in order, a fallback chain (aliases resolve; env SHEPHERD_MODEL)',
  )
    .option('-r, --route <name>', 'a configured route (default: the `default` route)')
    .option('-s, --system <text>', 'system prompt')
    .option('--temperature <n>', 'sampling temperature')
    .option('--max-tokens <n>', 'maximum output tokens')
    .addOption(new Option('--no-stream', 'send a non-streaming request'))
    .option('--timeout <dur>', 'per-attempt timeout, e.g. 30s')
    .option('--deadline <dur>', 'deadline for the whole chain, e.g. 2m')
    .option(
      '--hedge <dur>',
      'no first token after DUR: start the next model in parallel, the first to answer wins (or off)',
    )
    .option('--json', 'print one shepherd.chat/v1 JSON document at the end')
    .addOption(new Option('--no-log', 'do not append to the usage ledger'))
    .action(
      action(ctx, async (prompt: string[], opts: ChatOptions, cmd: Command) => {
        const { runChat } = await import('./run-chat.js');
        return runChat(prompt, opts, globalsOf(cmd), ctx.io);
      }),
    );
}

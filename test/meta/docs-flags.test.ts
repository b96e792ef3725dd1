import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { memoryIo } from '../../src/cli/io.js';

// The docs must not drift from the CLI: every `shepherd ...` command line in a fenced shell
// (or YAML) block of README.md and docs/*.md must name real commands and real long/short flags
// of that very command (or global ones), with a valid value where the flag has fixed choices.
// Checked against commander's program definition, in-process.
const ROOT = join(import.meta.dirname, '../..');
const FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const SCANNED_LANGS = new Set(['', 'sh', 'bash', 'shell', 'console', 'yaml', 'yml']);
const SEP = '\u0000';

interface DocCommand {
  file: string;
  line: number;
  args: string[];
}

function fencedBlocks(text: string): { lang: string; line: number; body: string[] }[] {
  const blocks: { lang: string; line: number; body: string[] }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const body: string[] = [];
    const start = i + 1;
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    blocks.push({ lang: open[1]!.toLowerCase(), line: start + 1, body });
  }
  return blocks;
}

/** Joins `\`-continued lines and lines that go on with a flag (YAML folded `run: >` blocks). */
function logicalLines(body: string[], firstLine: number): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let continued = false;
  body.forEach((raw, i) => {
    const startsWithFlag = /^\s*--?[a-zA-Z]/.test(raw);
    const last = out[out.length - 1];
    const text = raw.replace(/\\\s*$/, '');
    if (last && (continued || startsWithFlag)) last.text += ` ${text}`;
    else out.push({ text, line: firstLine + i });
    continued = /\\\s*$/.test(raw);
  });
  return out;
}

/** Shell-ish words: quotes, `$(...)`/`${...}` kept whole, comments dropped, operators as SEP. */
function words(line: string): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (/\s/.test(ch)) {
      if (cur !== null) out.push(cur);
      cur = null;
    } else if (ch === '#' && cur === null) {
      break;
    } else if ('|&;<>'.includes(ch)) {
      if (cur !== null) out.push(cur);
      cur = null;
      out.push(SEP);
    } else if (ch === '"' || ch === "'") {
      const end = line.indexOf(ch, i + 1);
      const stop = end === -1 ? line.length : end;
      cur = (cur ?? '') + line.slice(i + 1, stop);
      i = stop;
    } else if (ch === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      const [open, close] = line[i + 1] === '(' ? ['(', ')'] : ['{', '}'];
      let depth = 0;
      let j = i + 1;
      for (; j < line.length; j++) {
        if (line[j] === open) depth++;
        else if (line[j] === close && --depth === 0) break;
      }
      cur = (cur ?? '') + line.slice(i, j + 1);
      i = j;
    } else cur = (cur ?? '') + ch;
  }
  if (cur !== null) out.push(cur);
  return out;
}

function docCommands(file: string): DocCommand[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: DocCommand[] = [];
  for (const block of fencedBlocks(text)) {
    if (!SCANNED_LANGS.has(block.lang)) continue;
    for (const { text: line, line: at } of logicalLines(block.body, block.line)) {
      const w = words(line);
      w.forEach((word, i) => {
        if (word !== 'shepherd' && word !== 'llm-shepherd') return;
        // `npm install -g llm-shepherd` installs the package; it runs no command.
        const before = w.slice(0, i).filter((x) => !x.startsWith('-'));
        if (['install', 'i', 'add'].includes(before[before.length - 1] ?? '')) return;
        const end = w.indexOf(SEP, i + 1);
        found.push({ file, line: at, args: w.slice(i + 1, end === -1 ? undefined : end) });
      });
    }
  }
  return found;
}

function takesValue(o: Option): boolean {
  return o.required || o.optional;
}

/** Problems with one command line: unknown command, unknown flag, or a value outside choices. */
function check(program: Command, c: DocCommand): string[] {
  const where = `${c.file}:${c.line} shepherd ${c.args.join(' ')}`;
  const problems: string[] = [];
  let cmd = program;
  let path = 'shepherd';
  let positional = false;
  for (let i = 0; i < c.args.length; i++) {
    const tok = c.args[i]!;
    if (tok === '--') break;
    if (tok === '--help' || tok === '-h') continue;
    if (tok.startsWith('-') && tok.length > 1) {
      const name = tok.split('=')[0]!;
      // A subcommand takes its own flags and the global ones, not its parent's.
      const options = cmd === program ? program.options : [...cmd.options, ...program.options];
      const opt = options.find((o) => o.long === name || o.short === name);
      if (!opt) {
        problems.push(`${where}: \`${path}\` has no ${name}`);
        continue;
      }
      if (takesValue(opt) && !tok.includes('=')) {
        const value = c.args[++i];
        if (value === undefined) problems.push(`${where}: ${name} needs a value`);
        else if (opt.argChoices && !value.startsWith('$') && !opt.argChoices.includes(value))
          problems.push(`${where}: ${name} ${value} is not one of ${opt.argChoices.join(', ')}`);
      }
      continue;
    }
    const sub = positional ? undefined : cmd.commands.find((s) => s.name() === tok);
    if (sub) {
      cmd = sub;
      path += ` ${tok}`;
    } else if (cmd === program) problems.push(`${where}: no command \`${tok}\``);
    else positional = true;
  }
  if (
    cmd === program &&
    problems.length === 0 &&
    !c.args.some((a) => /^(-h|--help|-V|--version)$/.test(a))
  )
    problems.push(`${where}: names no command`);
  return problems;
}

describe('docs: command lines match the CLI', () => {
  const program = buildProgram({ io: memoryIo(), exitCode: 0 });
  const all = FILES.flatMap(docCommands);

  it('finds the command lines (so the check below is not vacuous)', () => {
    expect(all.filter((c) => c.file === 'README.md').length).toBeGreaterThanOrEqual(20);
    for (const file of ['docs/ci.md', 'docs/bench.md', 'docs/simulator.md'])
      expect(all.filter((c) => c.file === file).length, file).toBeGreaterThanOrEqual(1);
  });

  it('every command, flag and fixed-choice value in README.md and docs/*.md exists', () => {
    expect(all.flatMap((c) => check(program, c))).toEqual([]);
  });

  it('the README has an example of every command', () => {
    const used = new Set(
      all
        .filter((c) => c.file === 'README.md')
        .map((c) =>
          c.args.find((a) => !a.startsWith('-') && program.commands.some((s) => s.name() === a)),
        ),
    );
    const commands = program.commands.map((s) => s.name());
    expect(commands).toEqual(
      expect.arrayContaining(['chat', 'health', 'bench', 'cost', 'models', 'config', 'simulate']),
    );
    expect(commands.filter((name) => !used.has(name))).toEqual([]);
  });

  it('the README quick start is exactly the two set-up commands', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Quick start'));
    const block = fencedBlocks(section)[0];
    expect(block?.body).toEqual(['npm install && npx shepherd bench --simulate', 'npm test']);
  });

  it('the checker itself rejects an unknown flag, a parent-only flag and a bad choice', () => {
    const bad = (args: string[]) => check(program, { file: 'x', line: 1, args });
    expect(bad(['chat', '--modle', 'a'])).toHaveLength(1);
    expect(bad(['bench', 'merge', 'a.json', '--rate', '5'])).toHaveLength(1);
    expect(bad(['health', '--probe', 'ping'])).toHaveLength(1);
    expect(bad(['frobnicate'])).toHaveLength(1);
    expect(bad(['--simulate', 'bench', '-n', '5', '--arrival', 'poisson'])).toEqual([]);
    expect(words(`a "p95<8s" $((I + 1))/4 x | b # c`)).toEqual([
      'a',
      'p95<8s',
      '$((I + 1))/4',
      'x',
      SEP,
      'b',
    ]);
  });
});

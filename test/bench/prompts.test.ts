import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadPromptsFile,
  parsePromptsJsonl,
  promptFromText,
  promptOrder,
} from '../../src/bench/prompts.js';
import { UsageError } from '../../src/core/errors.js';

describe('prompts', () => {
  it('reads messages and prompt lines, skipping blanks and // comments', () => {
    const text = [
      '{"prompt":"hi"}',
      '',
      '// a comment',
      '{"prompt":"review","system":"be terse"}',
      '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]}',
    ].join('\n');
    const p = parsePromptsJsonl(text, 'p.jsonl');
    expect(p).toEqual([
      { messages: [{ role: 'user', content: 'hi' }] },
      {
        messages: [
          { role: 'system', content: 'be terse' },
          { role: 'user', content: 'review' },
        ],
      },
      {
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b' },
          { role: 'user', content: 'c' },
        ],
      },
    ]);
  });

  it.each([
    ['{"prompt":"ok"}\n{oops', /^p\.jsonl:2: not valid JSON/],
    ['{"prompt":"ok"}\n\n[1,2]', /^p\.jsonl:3: not a JSON object/],
    ['{"text":"x"}', /^p\.jsonl:1: no "messages" array or "prompt" string/],
    ['{"messages":[{"role":"robot","content":"x"}]}', /^p\.jsonl:1: messages\[0\]\.role/],
    ['{"messages":[{"role":"user","content":5}]}', /^p\.jsonl:1: messages\[0\]\.content/],
    ['{"prompt":"  "}', /^p\.jsonl:1: "prompt" is empty/],
    ['\n\n', /^p\.jsonl: no prompts/],
  ])('a bad file is a usage error naming file:line (%#)', (text, message) => {
    expect(() => parsePromptsJsonl(text, 'p.jsonl')).toThrow(UsageError);
    expect(() => parsePromptsJsonl(text, 'p.jsonl')).toThrow(message);
  });

  it('--prompt TEXT is one user message; empty is refused', () => {
    expect(promptFromText('hello')).toEqual([{ messages: [{ role: 'user', content: 'hello' }] }]);
    expect(() => promptFromText(' ')).toThrow(UsageError);
  });

  it('orders prompts with a seed: a permutation, stable per seed', () => {
    const a = promptOrder(50, 1);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(promptOrder(50, 1)).toEqual(a);
    expect(promptOrder(50, 2)).not.toEqual(a);
    expect(promptOrder(5, 1, false)).toEqual([0, 1, 2, 3, 4]);
  });

  it('loads files and names a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shepherd-prompts-'));
    const file = join(dir, 'p.jsonl');
    writeFileSync(file, '{"prompt":"x"}\n');
    expect(await loadPromptsFile(file)).toHaveLength(1);
    await expect(loadPromptsFile(join(dir, 'missing.jsonl'))).rejects.toThrow(
      /cannot read .*missing\.jsonl \(ENOENT\)/,
    );
  });

  it('the shipped sample sets parse', async () => {
    const short = await loadPromptsFile('fixtures/prompts/short.jsonl');
    const mixed = await loadPromptsFile('fixtures/prompts/mixed.jsonl');
    expect(short.length).toBe(50);
    expect(mixed.length).toBeGreaterThanOrEqual(25);
    const longest = Math.max(...mixed.map((p) => p.messages.map((m) => m.content).join('').length));
    expect(longest).toBeGreaterThan(1000);
    expect(mixed.some((p) => p.messages.some((m) => m.content.includes('```')))).toBe(true);
  });
});

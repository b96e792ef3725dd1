import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPromptsFile, parsePromptsJsonl } from '../../../src/bench/prompts.js';
import { firstTurn } from '../../../src/bench/workload/prompt-workload.js';
import { parseTrace } from '../../../src/bench/workload/trace-file.js';
import { countingGateway } from './counting-gateway.js';
import { benchAt } from './run-cli.js';

const tmp = (name: string, text: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'shepherd-formats-')), name);
  writeFileSync(file, text);
  return file;
};

describe('prompt datasets users already have', () => {
  it('reads a ShareGPT JSON array; a request sends the first turn', async () => {
    const p = await loadPromptsFile('fixtures/prompts/sharegpt-sample.json');
    expect(p).toHaveLength(3);
    expect(p[1]?.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(firstTurn(p[1]!.messages)).toEqual([
      { role: 'system', content: 'You are a patient programming tutor.' },
      { role: 'user', content: 'What does a hash map do, in one paragraph?' },
    ]);
  });

  it('reads OpenAI chat JSONL conversations and ShareGPT lines', async () => {
    const chat = await loadPromptsFile('fixtures/prompts/chat-conversations.jsonl');
    expect(chat).toHaveLength(3);
    expect(firstTurn(chat[1]!.messages)).toEqual([
      { role: 'user', content: 'Suggest a name for a grey cat.' },
    ]);
    const lines = parsePromptsJsonl(
      '{"conversations":[{"from":"human","value":"hi"},{"from":"gpt","value":"hello"}]}\n',
      'x.jsonl',
    );
    expect(lines[0]?.messages).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ]);
    // A line that ends with the user's message is sent as written (history included).
    const open = [
      { role: 'user' as const, content: 'a' },
      { role: 'assistant' as const, content: 'b' },
      { role: 'user' as const, content: 'c' },
    ];
    expect(firstTurn(open)).toEqual(open);
  });

  it.each([
    [
      '[\n  {"conversations": [{"from": "human", "value": "a"}]},\n  {"conversations": [{"from": "robot", "value": "b"}]}\n]',
      /^s\.json:3: conversations\[0\]\.from must be one of/,
    ],
    [
      '[\n  {"conversations": [{"from": "human", "value": "a"}]},\n\n  {"conversations": []}\n]',
      /^s\.json:4: "conversations" must be a non-empty array/,
    ],
    [
      '[\n  {"conversations": [{"from": "gpt", "value": "only me"}]}\n]',
      /^s\.json:2: the conversation has no human message/,
    ],
    [
      '[\n  {"conversations": [\n  {"from": "human" "value": "a"}]}\n]',
      /^s\.json:3: not valid JSON/,
    ],
    [
      '{"conversations":[{"from":"human","value":7}]}',
      /^s\.json:1: conversations\[0\]\.value must be a string/,
    ],
  ])('a malformed entry is one error naming the file and its line (%#)', (text, message) => {
    expect(() => parsePromptsJsonl(text, 's.json')).toThrow(message);
  });

  it('bench --prompts sharegpt.json sends first turns only; a bad line exits 2 before any send', async () => {
    const gw = await countingGateway();
    const ok = await benchAt(
      gw,
      '-n',
      '6',
      '-c',
      '1',
      '--prompts',
      'fixtures/prompts/sharegpt-sample.json',
      '--json',
    );
    expect(ok.code, ok.stderr).toBe(0);
    for (const { body } of gw.received) {
      expect(body.messages.at(-1)?.role).toBe('user');
      expect(body.messages.some((m) => m.role === 'assistant')).toBe(false);
    }
    const bad = tmp(
      'bad.json',
      '[\n{"conversations":[{"from":"human","value":"a"}]},\n{"nope":1}\n]',
    );
    const r = await benchAt(gw, '-n', '2', '--prompts', bad);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('bad.json:3: no "messages" array');
    expect(gw.received).toHaveLength(6);
  });
});

describe('trace files', () => {
  it('reads the shipped Mooncake sample: times from its first request, hash ids kept', () => {
    const t = parseTrace(readFileSync('fixtures/traces/sample-mooncake.jsonl', 'utf8'), 'm.jsonl');
    expect(t.format).toBe('mooncake');
    expect(t.requests).toHaveLength(40);
    expect(t.requests[0]).toEqual({ atMs: 0, input: 522, output: 92, hashIds: [0, 100] });
    expect(t.requests[1]).toEqual({ atMs: 86, input: 1250, output: 86, hashIds: [0, 100, 101] });
    expect(t.requests.at(-1)?.atMs).toBe(10234 - 328);
  });

  it('reads the shipped BurstGPT sample: seconds to ms, a 0-token answer asked as 1', () => {
    const t = parseTrace(readFileSync('fixtures/traces/sample-burstgpt.csv', 'utf8'), 'b.csv');
    expect(t.format).toBe('burstgpt');
    expect(t.requests).toHaveLength(40);
    expect(t.requests[0]).toEqual({ atMs: 0, input: 525, output: 262 });
    expect(t.requests[1]?.atMs).toBeCloseTo(104, 6);
    expect(t.requests.filter((r) => r.output === 1)).toHaveLength(2);
  });

  it.each([
    [
      '{"timestamp":0,"input_length":5,"output_length":1}\n\n{"timestamp":9,"output_length":1}',
      /^t:3: "input_length" must be a whole number/,
    ],
    [
      '{"timestamp":0,"input_length":5,"output_length":1}\n{"timestamp":1,"input_length":5,"output_length":1,"hash_ids":[1,"x"]}',
      /^t:2: "hash_ids" must be an array of whole numbers/,
    ],
    [
      '{"timestamp":-1,"input_length":5,"output_length":1}',
      /^t:1: "timestamp" must be a number of ms/,
    ],
    ['{"timestamp":0,"input_length":5,"output_length":1}\n{oops', /^t:2: not valid JSON/],
    [
      'Timestamp,Model,Request tokens,Response tokens\n0.5,GPT-4,12,3\n1.5,GPT-4,many,3',
      /^t:3: Request tokens must be a whole number/,
    ],
    [
      'Timestamp,Model,Request tokens,Response tokens\n,GPT-4,12,3',
      /^t:2: Timestamp must be seconds/,
    ],
    [
      'Time,Prompt,Answer\n0,1,2',
      /^t:1: the header lacks Timestamp, Request tokens or Response tokens/,
    ],
  ])('a malformed line is one error naming the file and line (%#)', (text, message) => {
    expect(() => parseTrace(text, 't')).toThrow(message);
  });
});

describe('bench --trace (shape; timing is checked in trace-replay.timing.test.ts)', () => {
  it('replays every request with its recorded lengths; shared hash ids share prompt text', async () => {
    const gw = await countingGateway();
    const r = await benchAt(
      gw,
      '--trace',
      'fixtures/traces/sample-mooncake.jsonl',
      '--trace-speed',
      '40',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const trace = parseTrace(readFileSync('fixtures/traces/sample-mooncake.jsonl', 'utf8'), 'x');
    const byLength = (xs: number[]) => [...xs].sort((a, b) => a - b);
    expect(byLength(gw.received.map((x) => x.promptTokens))).toEqual(
      byLength(trace.requests.map((q) => q.input)),
    );
    expect(byLength(gw.received.map((x) => x.body.max_tokens!))).toEqual(
      byLength(trace.requests.map((q) => q.output)),
    );
    const text = (input: number) =>
      gw.received.find((x) => x.promptTokens === input)!.body.messages[0]!.content;
    // [0,100] (522 tokens) is a prefix of [0,100,101] (1250 tokens); [0,102] shares only block 0.
    expect(text(1250).startsWith(text(522))).toBe(true);
    expect(text(893).slice(0, 1500)).toBe(text(522).slice(0, 1500));
    expect(text(893).startsWith(text(522))).toBe(false);
    expect(r.doc.load).toMatchObject({ mode: 'open', arrival: 'trace', requests: 40 });
    expect(r.doc.load.workload.trace).toMatchObject({
      format: 'mooncake',
      requests: 40,
      speed: 40,
    });
    // Bursty by nature: no target rate to fall short of (load.rate keeps the mean).
    expect(r.doc.targets[0].target_rps).toBeNull();
    expect(r.doc.load.rate).toBeGreaterThan(0);
  });

  it('--shard 2/3 sends requests 1, 4, 7 ... of the trace; -n cuts it short', async () => {
    const trace = parseTrace(readFileSync('fixtures/traces/sample-burstgpt.csv', 'utf8'), 'x');
    const gw = await countingGateway();
    const r = await benchAt(
      gw,
      '--trace',
      'fixtures/traces/sample-burstgpt.csv',
      '--trace-speed',
      '40',
      '--shard',
      '2/3',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const mine = trace.requests.filter((_, i) => i % 3 === 1).map((q) => q.input);
    expect(gw.received.map((x) => x.promptTokens).sort((a, b) => a - b)).toEqual(
      mine.sort((a, b) => a - b),
    );
    const cut = await countingGateway();
    const n = await benchAt(
      cut,
      '--trace',
      'fixtures/traces/sample-burstgpt.csv',
      '--trace-speed',
      '40',
      '-n',
      '5',
      '--json',
    );
    expect(n.code).toBe(0);
    expect(cut.received).toHaveLength(5);
  });

  it.each([
    [
      ['--trace', 'BAD'],
      /bad-trace\.jsonl:2: "output_length" must be a whole number ≥ 0; each line must be/,
    ],
    [
      ['--trace', 'fixtures/traces/sample-burstgpt.csv', '-c', '2'],
      /--trace replays the trace's own times and lengths; drop -c\/--concurrency/,
    ],
    [
      ['--trace', 'fixtures/traces/sample-burstgpt.csv', '-n', '41'],
      /-n 41: the trace holds 40 requests/,
    ],
    [['--trace-speed', '2'], /--trace-speed only works with --trace FILE/],
    [['--trace', 'missing.jsonl'], /--trace: cannot read missing\.jsonl \(ENOENT\)/],
  ])(
    'bad trace input exits 2 with one line before anything is sent (%#)',
    async (args, message) => {
      const gw = await countingGateway();
      const bad = tmp(
        'bad-trace.jsonl',
        '{"timestamp":0,"input_length":5,"output_length":1}\n{"timestamp":5,"input_length":5,"output_length":-3}\n',
      );
      const r = await benchAt(gw, ...args.map((a) => (a === 'BAD' ? bad : a)));
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(gw.received).toHaveLength(0);
    },
  );
});

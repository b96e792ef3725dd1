import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';
import {
  chatBody,
  chatUrl,
  chunks,
  contentDeltas,
  finishReasons,
  send,
  sseData,
  testProfile,
} from './helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ profile: testProfile() });
});
afterAll(() => sim.close());

describe('streaming shape', () => {
  it('streams role, one delta per token, finish, usage and [DONE] exactly in OpenAI shape', async () => {
    const res = await send(chatUrl(sim.url), {
      body: chatBody('openai/gpt-4.1', { stream: true, stream_options: { include_usage: true } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.complete).toBe(true);
    // Every event is one `data: …` line followed by a blank line; the body ends with [DONE].
    expect(res.body).toMatch(/^(data: [^\n]+\n\n)+$/);
    expect(res.body.endsWith('\n\ndata: [DONE]\n\n')).toBe(true);

    const data = sseData(res.body);
    expect(data).toHaveLength(1 + 8 + 1 + 1 + 1);
    const parsed = data.slice(0, -1).map((d) => JSON.parse(d) as Record<string, unknown>);
    const [role, ...rest] = parsed;
    expect(role).toMatchObject({
      object: 'chat.completion.chunk',
      model: 'openai/gpt-4.1',
      choices: [
        { index: 0, delta: { role: 'assistant', content: '', refusal: null }, finish_reason: null },
      ],
      usage: null,
    });
    const content = rest.slice(0, 8);
    for (const c of content) {
      expect(c['usage']).toBeNull();
      expect(Object.keys((c['choices'] as { delta: object }[])[0]!.delta)).toEqual(['content']);
    }
    // One id for the whole stream.
    expect(new Set(parsed.map((p) => p['id'])).size).toBe(1);
    const finish = rest[8]!;
    expect(finish['choices']).toEqual([
      { index: 0, delta: {}, logprobs: null, finish_reason: 'stop' },
    ]);
    expect(finish['usage']).toBeNull();
    const usage = rest[9]!;
    expect(usage['choices']).toEqual([]);
    const prompt = Math.ceil('Hello there, simulator!'.length / 4);
    expect(usage['usage']).toEqual({
      prompt_tokens: prompt,
      completion_tokens: 8,
      total_tokens: prompt + 8,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    // Realistic word-piece text: the first token has no leading space, the rest make words.
    const text = contentDeltas(res.body).join('');
    expect(text).toMatch(/^[A-Z][a-z]/);
    expect(text.split(' ').length).toBeGreaterThan(2);
  });

  it('sends no usage fields and no usage chunk without stream_options.include_usage', async () => {
    const res = await send(chatUrl(sim.url), {
      body: chatBody('openai/gpt-4.1', { stream: true }),
    });
    const data = sseData(res.body);
    expect(data).toHaveLength(1 + 8 + 1 + 1);
    expect(res.body).not.toContain('"usage"');
    expect(data.at(-1)).toBe('[DONE]');
    expect(finishReasons(res.body)).toEqual(['stop']);
  });

  it('caps the output at max_tokens or max_completion_tokens with finish_reason length', async () => {
    for (const key of ['max_tokens', 'max_completion_tokens']) {
      const res = await send(chatUrl(sim.url), {
        body: chatBody('openai/gpt-4.1', {
          stream: true,
          [key]: 3,
          stream_options: { include_usage: true },
        }),
      });
      expect(contentDeltas(res.body)).toHaveLength(3);
      expect(finishReasons(res.body)).toEqual(['length']);
      const usage = chunks(res.body).at(-1)!.usage as { completion_tokens: number };
      expect(usage.completion_tokens).toBe(3);
    }
    const plain = await send(chatUrl(sim.url), {
      body: chatBody('openai/gpt-4.1', { max_tokens: 2 }),
    });
    const json = JSON.parse(plain.body) as {
      choices: { finish_reason: string }[];
      usage: { completion_tokens: number };
    };
    expect(json.choices[0]!.finish_reason).toBe('length');
    expect(json.usage.completion_tokens).toBe(2);
  });

  it('rejects a max_tokens that is not a positive integer with 400', async () => {
    const res = await send(chatUrl(sim.url), {
      body: chatBody('openai/gpt-4.1', { max_tokens: 0 }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { param: 'max_tokens' } });
  });

  it('streams reasoning_content deltas with content null before the answer', async () => {
    const res = await send(chatUrl(sim.url), {
      body: chatBody('deepseek/r1', { stream: true, stream_options: { include_usage: true } }),
    });
    const deltas = chunks(res.body).map((c) => c.choices?.[0]?.delta);
    expect(deltas[0]).toEqual({ role: 'assistant', content: null, reasoning_content: '' });
    const reasoning = deltas.slice(1, 4);
    for (const d of reasoning) {
      expect(d!['content']).toBeNull();
      expect(typeof d!['reasoning_content']).toBe('string');
    }
    const answer = deltas.slice(4, 8);
    for (const d of answer) {
      expect(typeof d!['content']).toBe('string');
      expect(d!['reasoning_content']).toBeNull();
    }
    const usage = chunks(res.body).at(-1)!.usage as Record<string, unknown>;
    expect(usage['completion_tokens']).toBe(7);
    expect(usage['completion_tokens_details']).toEqual({ reasoning_tokens: 3 });
  });

  it('waits TTFT before the first content chunk and ITL between tokens', async () => {
    sim.setModel('timed', { ttftMs: 80, itlMs: 30, outputTokens: 3 });
    const res = await send(chatUrl(sim.url), { body: chatBody('timed', { stream: true }) });
    // One time per non-empty content event (a late read can carry two events in one piece).
    const times = res.pieces.flatMap((p) =>
      Array.from(p.text.matchAll(/"content":"[^"]/g), () => p.t),
    );
    expect(times).toHaveLength(3);
    // Headers go out at once; token k is sent at start + TTFT + k·ITL. The client shares this
    // event loop and may read a piece late, never early, so only lower bounds are safe.
    expect(res.headersAt!).toBeLessThan(times[0]!);
    expect(times[0]!).toBeGreaterThanOrEqual(78);
    expect(times[1]!).toBeGreaterThanOrEqual(108);
    expect(times[2]!).toBeGreaterThanOrEqual(138);
  });
});

describe('non-streaming shape', () => {
  it('answers with a full chat.completion object and usage', async () => {
    const res = await send(chatUrl(sim.url), { body: chatBody('openai/gpt-4.1') });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const json = JSON.parse(res.body) as Record<string, unknown>;
    expect(json).toMatchObject({
      object: 'chat.completion',
      model: 'openai/gpt-4.1',
      choices: [
        { index: 0, message: { role: 'assistant' }, logprobs: null, finish_reason: 'stop' },
      ],
      usage: { completion_tokens: 8, prompt_tokens: 6, total_tokens: 14 },
    });
    expect(String(json['id'])).toMatch(/^chatcmpl-/);
    const content = (json['choices'] as { message: { content: string } }[])[0]!.message.content;
    expect(content.length).toBeGreaterThan(8);
  });

  it('includes reasoning_content in the message of a reasoning model', async () => {
    const res = await send(chatUrl(sim.url), { body: chatBody('deepseek/r1') });
    const json = JSON.parse(res.body) as {
      choices: { message: { reasoning_content: string } }[];
      usage: { completion_tokens_details: { reasoning_tokens: number } };
    };
    expect(json.choices[0]!.message.reasoning_content.length).toBeGreaterThan(0);
    expect(json.usage.completion_tokens_details.reasoning_tokens).toBe(3);
  });

  it('answers after TTFT plus the inter-token gaps', async () => {
    sim.setModel('slowish', { ttftMs: 60, itlMs: 10, outputTokens: 5 });
    const res = await send(chatUrl(sim.url), { body: chatBody('slowish') });
    expect(res.status).toBe(200);
    expect(res.headersAt!).toBeGreaterThanOrEqual(95);
  });
});

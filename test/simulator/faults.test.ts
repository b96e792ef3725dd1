import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/server.js';
import { FAULT_TYPES, type Fault } from '../../src/simulator/profile-schema.js';
import {
  chatBody,
  chatUrl,
  chunks,
  contentDeltas,
  finishReasons,
  send,
  sseData,
  testProfile,
  type RawResponse,
} from './helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ profile: testProfile() });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const fast = { ttftMs: 0, itlMs: 0, outputTokens: 8 };

/** Runs one request to model `m` whose script is just `step`. */
async function scripted(
  step: Fault | Fault['type'],
  stream: boolean,
  timeoutMs = 3000,
): Promise<RawResponse> {
  sim.setModel('m', { ...fast, script: [step] });
  return send(chatUrl(sim.url), { body: chatBody('m', { stream }), timeoutMs });
}

function errorOf(res: RawResponse): { code: unknown; type: unknown; message: string } {
  return (JSON.parse(res.body) as { error: { code: unknown; type: unknown; message: string } })
    .error;
}

describe('HTTP-level faults (streaming and not)', () => {
  for (const stream of [true, false]) {
    it(`rate_limited: 429 with Retry-After in its forms (stream ${stream})`, async () => {
      let res = await scripted('rate_limited', stream);
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('1');
      expect(errorOf(res).code).toBe('rate_limit_exceeded');

      res = await scripted({ type: 'rate_limited', retryAfter: 3, retryAfterMs: 2500 }, stream);
      expect(res.headers['retry-after']).toBe('3');
      expect(res.headers['retry-after-ms']).toBe('2500');

      res = await scripted({ type: 'rate_limited', retryAfter: 2, httpDate: true }, stream);
      const date = Date.parse(String(res.headers['retry-after']));
      expect(String(res.headers['retry-after'])).toMatch(/GMT$/);
      expect(date).toBeGreaterThan(Date.now());
      expect(date).toBeLessThan(Date.now() + 5000);

      res = await scripted({ type: 'rate_limited', noHeader: true }, stream);
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeUndefined();
      expect(res.headers['retry-after-ms']).toBeUndefined();
    });

    it(`server_error: each status with an OpenAI-shaped body (stream ${stream})`, async () => {
      for (const status of [500, 502, 503, 504, 529] as const) {
        const res = await scripted({ type: 'server_error', status }, stream);
        expect(res.status).toBe(status);
        expect(typeof errorOf(res).message).toBe('string');
      }
      expect((await scripted('server_error', stream)).status).toBe(500);
    });

    it(`reset: the socket is destroyed before any header (stream ${stream})`, async () => {
      const res = await scripted('reset', stream);
      expect(res.status).toBeUndefined();
      expect(res.error).toBe('ECONNRESET');
      expect(sim.log.at(-1)).toMatchObject({ fault: 'reset', status: 0 });
    });

    it(`no_answer: accepts and never responds (stream ${stream})`, async () => {
      const res = await scripted('no_answer', stream, 150);
      expect(res.status).toBeUndefined();
      expect(res.error).toBe('timeout');
      expect(sim.log.at(-1)).toMatchObject({ fault: 'no_answer', status: 0 });
    });

    it(`context_length, content_filter, not_found: OpenAI-shaped 400/404 (stream ${stream})`, async () => {
      let res = await scripted('context_length', stream);
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({
        code: 'context_length_exceeded',
        type: 'invalid_request_error',
      });
      res = await scripted({ type: 'content_filter', message: 'flagged: violence' }, stream);
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({
        code: 'content_policy_violation',
        message: 'flagged: violence',
      });
      res = await scripted('not_found', stream);
      expect(res.status).toBe(404);
      expect(errorOf(res).code).toBe('model_not_found');
    });
  }
});

describe('stream faults', () => {
  it('slow_first_token: headers and the role chunk at once, first content after delayMs', async () => {
    const res = await scripted({ type: 'slow_first_token', delayMs: 150 }, true);
    const role = res.pieces.find((p) => p.text.includes('"role":"assistant"'))!;
    const first = res.pieces.find((p) => /"content":"[^"]/.test(p.text))!;
    // Times count from the request; a piece may be read late on this shared event loop,
    // never early, so the content's lower bound is what holds.
    expect(role.t).toBeLessThanOrEqual(first.t);
    expect(first.t).toBeGreaterThanOrEqual(145);
    expect(finishReasons(res.body)).toEqual(['stop']);
  });

  it('stall with delayMs pauses mid-stream after afterTokens, then completes', async () => {
    const res = await scripted({ type: 'stall', afterTokens: 2, delayMs: 150 }, true);
    const times = res.pieces.filter((p) => /"content":"[^"]/.test(p.text)).map((p) => p.t);
    expect(res.complete).toBe(true);
    expect(contentDeltas(res.body)).toHaveLength(8);
    // Tokens before the stall arrive together; the rest arrive 150 ms later (lower bound
    // from the request's start: a late read can shrink a gap, never grow the total).
    expect(times.at(-1)!).toBeGreaterThanOrEqual(145);
    expect(res.pieces[0]!.text).toContain('"content":"');
  });

  it('stall without delayMs never continues', async () => {
    const res = await scripted({ type: 'stall', afterTokens: 2 }, true, 200);
    expect(res.status).toBe(200);
    expect(res.error).toBe('timeout');
    expect(contentDeltas(res.body)).toHaveLength(2);
    expect(finishReasons(res.body)).toEqual([]);
  });

  it('cut closes the connection after afterTokens without finish_reason or [DONE]', async () => {
    const res = await scripted({ type: 'cut', afterTokens: 3 }, true);
    expect(res.status).toBe(200);
    expect(res.complete).toBe(false);
    expect(res.error).toBeDefined();
    expect(contentDeltas(res.body)).toHaveLength(3);
    expect(finishReasons(res.body)).toEqual([]);
    expect(res.body).not.toContain('[DONE]');
    expect(res.body.endsWith('\n\n')).toBe(true);
  });

  it('cut with midEvent ends in the middle of a data: line', async () => {
    const res = await scripted({ type: 'cut', afterTokens: 1, midEvent: true }, true);
    expect(res.complete).toBe(false);
    expect(res.body.endsWith('\n\n')).toBe(false);
    expect(res.body.split('\n').at(-1)).toMatch(/^data: \{/);
  });

  it('malformed inserts one non-JSON event and the stream goes on', async () => {
    const res = await scripted({ type: 'malformed', afterTokens: 4 }, true);
    const data = sseData(res.body);
    expect(data.filter((d) => d === '{not json')).toHaveLength(1);
    expect(data.indexOf('{not json')).toBe(5); // role + 4 tokens before it
    expect(contentDeltas(res.body)).toHaveLength(8);
    expect(finishReasons(res.body)).toEqual(['stop']);
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('no_done completes with finish_reason and usage but no [DONE]', async () => {
    sim.setModel('m', { ...fast, script: ['no_done'] });
    const res = await send(chatUrl(sim.url), {
      body: chatBody('m', { stream: true, stream_options: { include_usage: true } }),
    });
    expect(res.complete).toBe(true);
    expect(finishReasons(res.body)).toEqual(['stop']);
    expect(chunks(res.body).at(-1)!.usage).toMatchObject({ completion_tokens: 8 });
    expect(res.body).not.toContain('[DONE]');
  });

  it('in_band_error sends an error event after some content, then ends', async () => {
    const res = await scripted({ type: 'in_band_error', afterTokens: 2 }, true);
    expect(res.status).toBe(200);
    expect(res.complete).toBe(true);
    expect(contentDeltas(res.body)).toHaveLength(2);
    const last = JSON.parse(sseData(res.body).at(-1)!) as Record<string, unknown>;
    expect(last).toEqual({
      error: { message: 'Overloaded', type: 'overloaded_error', code: 529 },
    });
    expect(finishReasons(res.body)).toEqual([]);
  });
});

describe('stream-only faults on non-streaming requests', () => {
  it('slow_first_token and a bounded stall delay the answer', async () => {
    let res = await scripted({ type: 'slow_first_token', delayMs: 120 }, false);
    expect(res.status).toBe(200);
    expect(res.headersAt!).toBeGreaterThanOrEqual(110);
    res = await scripted({ type: 'stall', delayMs: 120 }, false);
    expect(res.status).toBe(200);
    expect(res.headersAt!).toBeGreaterThanOrEqual(110);
  });

  it('an endless stall never answers', async () => {
    const res = await scripted('stall', false, 150);
    expect(res.status).toBeUndefined();
    expect(res.error).toBe('timeout');
  });

  it('cut sends half the body, then drops the connection', async () => {
    const res = await scripted('cut', false);
    expect(res.status).toBe(200);
    expect(res.complete).toBe(false);
    expect(res.body.length).toBeGreaterThan(0);
    expect(() => JSON.parse(res.body) as unknown).toThrow();
  });

  it('malformed answers 200 with a body that is not JSON', async () => {
    const res = await scripted('malformed', false);
    expect(res.status).toBe(200);
    expect(res.complete).toBe(true);
    expect(() => JSON.parse(res.body) as unknown).toThrow();
  });

  it('in_band_error answers 200 with an error object and no choices', async () => {
    const res = await scripted('in_band_error', false);
    expect(res.status).toBe(200);
    const json = JSON.parse(res.body) as Record<string, unknown>;
    expect(json['choices']).toBeUndefined();
    expect(json['error']).toMatchObject({ type: 'overloaded_error' });
  });

  it('no_done answers normally', async () => {
    const res = await scripted('no_done', false);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ object: 'chat.completion' });
  });
});

describe('scripts and probabilities', () => {
  it('consumes one script step per request to that model, then applies probabilistic faults', async () => {
    sim.setModel('m', {
      ...fast,
      script: ['server_error', 'ok', { type: 'rate_limited', retryAfter: 2 }],
      faults: [{ type: 'not_found', probability: 1 }],
    });
    const statuses: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await send(chatUrl(sim.url), { body: chatBody('m') })).status);
      // Requests to another model do not consume m's script.
      await send(chatUrl(sim.url), { body: chatBody('openai/gpt-4.1') });
    }
    expect(statuses).toEqual([500, 200, 429, 404, 404]);
  });

  it('reaches every fault type by probability', async () => {
    for (const type of FAULT_TYPES) {
      sim.setModel('p', { ...fast, faults: [{ type, probability: 1 } as Fault] });
      const stream = true;
      const res = await send(chatUrl(sim.url), { body: chatBody('p', { stream }), timeoutMs: 300 });
      expect(sim.log.at(-1), type).toMatchObject({ model: 'p', fault: type });
      const healthy = res.status === 200 && res.complete && finishReasons(res.body).length === 1;
      // Only the two benign stream faults still end in a finished answer.
      expect(healthy, type).toBe(type === 'malformed' || type === 'no_done');
    }
  }, 15_000);

  it('draws faults by probability from the seed: same seed, same sequence', async () => {
    const run = async (seed: number): Promise<(number | undefined)[]> => {
      const s = await createSimulator({
        seed,
        profile: {
          name: 'half',
          models: {
            m: {
              ...fast,
              faults: [
                { type: 'server_error', status: 503, probability: 0.3 },
                { type: 'rate_limited', probability: 0.2 },
              ],
            },
          },
        },
      });
      try {
        const out: (number | undefined)[] = [];
        for (let i = 0; i < 30; i++) {
          out.push((await send(chatUrl(s.url), { body: chatBody('m') })).status);
        }
        return out;
      } finally {
        await s.close();
      }
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(a).toContain(200);
    expect(a).toContain(503);
    expect(a).toContain(429);
    expect(await run(8)).not.toEqual(a);
  });
});

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from '../../src/core/sse.js';
import { StreamState } from '../../src/core/stream-state.js';

// Byte-exact copies of the contract's SSE samples, so the suite needs nothing outside the
// repo. SHA256SUMS holds the digests of the originals (`sha256sum *.sse` beside them).
const SAMPLES = join(import.meta.dirname, '../fixtures/sse-samples');
const sample = (name: string): Buffer => readFileSync(join(SAMPLES, name));

/** Feeds `bytes` split at the given offsets; returns events and parser state. */
function parse(bytes: Uint8Array, cuts: number[] = []): { events: SseEvent[]; parser: SseParser } {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let prev = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...parser.push(bytes.subarray(prev, cut)));
    prev = cut;
  }
  parser.end();
  return { events, parser };
}

function run(bytes: Uint8Array, cuts: number[] = []): StreamState {
  const state = new StreamState();
  let t = 0;
  for (const ev of parse(bytes, cuts).events) state.onData(ev.data, ++t);
  return state;
}

describe('SseParser on the shared samples', () => {
  const names = readdirSync(SAMPLES).filter((n) => n.endsWith('.sse'));

  it('finds all six samples', () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
  });

  it('the copies are byte for byte the originals (digests in SHA256SUMS)', () => {
    const sums = readFileSync(join(SAMPLES, 'SHA256SUMS'), 'utf8').trim().split('\n');
    const expected = Object.fromEntries(sums.map((l) => l.split(/ +/).reverse()));
    const actual = Object.fromEntries(
      names.map((n) => [n, createHash('sha256').update(sample(n)).digest('hex')]),
    );
    expect(actual).toEqual(expected);
  });

  it.each(names)('%s gives the same events whatever the byte splits', (name) => {
    const bytes = sample(name);
    const whole = parse(bytes).events;
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parse(bytes, [cut]).events).toEqual(whole);
    }
    const singleBytes = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(parse(bytes, singleBytes).events).toEqual(whole);
  });

  it('openai-include-usage: role-only chunk is not a token; usage arrives after finish', () => {
    const s = run(sample('openai-include-usage.sse'));
    expect(s.content).toBe('Hello there!');
    expect(s.contentChunks).toBe(2);
    expect(s.firstToken).toBe(2); // the second event: the first one is role-only
    expect(s.finishReason).toBe('stop');
    expect(s.usage).toEqual({
      prompt_tokens: 9,
      completion_tokens: 3,
      total_tokens: 12,
      cached_tokens: 0,
      reasoning_tokens: 0,
    });
    expect(s.done).toBe(true);
    expect(s.complete).toBe(true);
    expect(s.badChunks).toBe(0);
  });

  it('reasoning-content: reasoning kept apart, first output before first token, usage on finish', () => {
    const s = run(sample('reasoning-content-usage-on-finish.sse'));
    expect(s.reasoning).toBe('The user greets me.');
    expect(s.content).toBe('Hi!');
    expect(s.reasoningChunks).toBe(2);
    expect(s.contentChunks).toBe(1);
    expect(s.firstOutput).toBe(2);
    expect(s.firstToken).toBe(4);
    expect(s.usage?.reasoning_tokens).toBe(5);
    expect(s.usage?.completion_tokens).toBe(7);
    expect(s.complete).toBe(true);
  });

  it('crlf + comments + role on every chunk: content and finish in one chunk', () => {
    const { events, parser } = parse(sample('crlf-comments-role-every-chunk.sse'));
    expect(parser.comments).toBe(2);
    expect(events).toHaveLength(3);
    const s = run(sample('crlf-comments-role-every-chunk.sse'));
    expect(s.content).toBe('Hello');
    expect(s.finishReason).toBe('stop');
    expect(s.usage?.total_tokens).toBe(6);
  });

  it('in-band error: recorded as an error after partial content, never complete', () => {
    const s = run(sample('in-band-error.sse'));
    expect(s.content).toBe('Partial');
    expect(s.error).toMatchObject({ message: 'Overloaded', type: 'overloaded_error', code: 529 });
    expect(s.complete).toBe(false);
  });

  it('cut mid-event: the partial event is not dispatched and the parser knows it was cut', () => {
    const { events, parser } = parse(sample('cut-mid-event.sse'));
    expect(events).toHaveLength(1);
    expect(parser.pendingPartial).toBe(true);
    const s = run(sample('cut-mid-event.sse'));
    expect(s.content).toBe('one');
    expect(s.finishReason).toBeUndefined();
    expect(s.complete).toBe(false);
  });

  it('single chunk, no usage: complete with content, usage absent', () => {
    const s = run(sample('single-chunk-no-usage.sse'));
    expect(s.content).toBe('hello there');
    expect(s.finishReason).toBe('stop');
    expect(s.usage).toBeUndefined();
    expect(s.complete).toBe(true);
  });
});

describe('SseParser edge cases', () => {
  it('joins multi-line data with newlines and keeps event names and ids', () => {
    const { events } = parse(Buffer.from('event: x\nid: 7\ndata: a\ndata: b\n\ndata:c\n\n'));
    // The last event ID persists across events, as the SSE spec says.
    expect(events).toEqual([
      { event: 'x', id: '7', data: 'a\nb' },
      { id: '7', data: 'c' },
    ]);
  });

  it('handles bare CR line ends and a CR/LF pair split across chunks', () => {
    const bytes = Buffer.from('data: one\r\rdata: two\r\n\r\n');
    const cut = bytes.indexOf('\r\n');
    expect(parse(bytes, [cut + 1]).events.map((e) => e.data)).toEqual(['one', 'two']);
    expect(parse(Buffer.from('data: one\r\r')).events.map((e) => e.data)).toEqual(['one']);
  });

  it('mixed LF, CR and CRLF line ends give the same events at every split point', () => {
    const text =
      'data: a\n\r\ndata: b\r\rdata: c\r\n\ndata: d\ndata: e\r\n: ping\r\r\n' +
      'event: x\rdata: f\n\ndata: g\r\n\r\n';
    const expected = [
      { data: 'a' },
      { data: 'b' },
      { data: 'c' },
      { data: 'd\ne' },
      { event: 'x', data: 'f' },
      { data: 'g' },
    ];
    const bytes = Buffer.from(text);
    expect(parse(bytes).events).toEqual(expected);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parse(bytes, [cut]).events).toEqual(expected);
      if (cut + 1 < bytes.length) expect(parse(bytes, [cut, cut + 1]).events).toEqual(expected);
    }
  });

  it('decodes a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('data: {"choices":[{"delta":{"content":"héllo 👋"}}]}\n\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(run(bytes, [cut]).content).toBe('héllo 👋');
    }
  });

  it('skips and counts a malformed event, and the stream goes on', () => {
    const s = run(
      Buffer.from(
        'data: {"choices":[{"delta":{"content":"a"}}]}\n\ndata: {not json\n\n' +
          'data: {"choices":[{"delta":{"content":"b"},"finish_reason":"stop"}]}\n\n',
      ),
    );
    expect(s.badChunks).toBe(1);
    expect(s.content).toBe('ab');
    expect(s.complete).toBe(true);
  });

  it('reads OpenRouter-style `reasoning` deltas as reasoning', () => {
    const s = run(
      Buffer.from('data: {"choices":[{"delta":{"reasoning":"hmm","content":null}}]}\n\n'),
    );
    expect(s.reasoning).toBe('hmm');
    expect(s.contentChunks).toBe(0);
  });
});

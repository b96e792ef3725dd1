import { describe, expect, it } from 'vitest';
import { wireBodyBytes, type ChatRequest } from '../../src/core/request.js';
import { wireHeaders } from '../../src/core/wire-headers.js';
import { ApiKey } from '../../src/core/keys.js';
import type { AttemptSpec } from '../../src/core/attempt-spec.js';

const frozen = (content: string): ChatRequest['messages'] =>
  Object.freeze([Object.freeze({ role: 'user' as const, content })]) as ChatRequest['messages'];

describe('request bodies kept for frozen messages', () => {
  it('frozen messages: the same bytes object for the same shape, another for another shape', () => {
    const messages = frozen('hi');
    const a = wireBodyBytes('m', { messages, stream: false, maxTokens: 16 });
    expect(wireBodyBytes('m', { messages, stream: false, maxTokens: 16 })).toBe(a);
    const b = wireBodyBytes('m', { messages, stream: false, maxTokens: 17 });
    expect(b).not.toBe(a);
    expect(JSON.parse(b.toString()).max_tokens).toBe(17);
    const s = wireBodyBytes('other', { messages, stream: true });
    expect(JSON.parse(s.toString())).toEqual({
      model: 'other',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('messages that may change are serialised every time (a chat history grows)', () => {
    const messages: ChatRequest['messages'] = [{ role: 'user', content: 'one' }];
    const first = wireBodyBytes('m', { messages, stream: false });
    messages.push({ role: 'assistant', content: 'two' });
    const second = wireBodyBytes('m', { messages, stream: false });
    expect(JSON.parse(first.toString()).messages).toHaveLength(1);
    expect(JSON.parse(second.toString()).messages).toHaveLength(2);
  });
});

describe('request headers built once per gateway, key and mode', () => {
  const spec = (over: Partial<AttemptSpec>): AttemptSpec =>
    ({
      headers: {},
      userAgent: 'shepherd/1',
      request: { messages: [], stream: false },
      ...over,
    }) as AttemptSpec;

  it('defaults, the key, and the gateway’s own headers on top', () => {
    const headers = { 'x-team': 'a', accept: 'application/x-custom' };
    const key = { key: new ApiKey('sk-test.FAKE-one', 'env'), index: 0, source: 'env' };
    const h = wireHeaders(spec({ headers, key }));
    const pairs = Object.fromEntries(
      h.flatMap((v, i) => (i % 2 === 0 ? [[v, h[i + 1] as string]] : [])),
    );
    expect(pairs).toEqual({
      'content-type': 'application/json',
      accept: 'application/x-custom',
      'user-agent': 'shepherd/1',
      'x-team': 'a',
      authorization: 'Bearer sk-test.FAKE-one',
    });
    expect(wireHeaders(spec({ headers, key }))).toBe(h);
    const other = { key: new ApiKey('sk-test.FAKE-two', 'env'), index: 1, source: 'env' };
    expect(wireHeaders(spec({ headers, key: other }))).toContain('Bearer sk-test.FAKE-two');
    const streamed = wireHeaders(spec({ headers: {}, request: { messages: [], stream: true } }));
    expect(streamed).toContain('text/event-stream');
    expect(streamed).not.toContain('authorization');
  });
});

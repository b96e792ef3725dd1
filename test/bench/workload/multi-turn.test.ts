import { describe, expect, it } from 'vitest';
import { chatEnv } from '../../helpers/chat-env.js';
import { countingGateway, type Received } from './counting-gateway.js';
import { benchAt } from './run-cli.js';

/** Every assistant message in a request is the gateway's answer to that conversation's earlier turn. */
function checkHistory(received: Received[]): void {
  for (const r of received) {
    const m = r.body.messages;
    m.forEach((msg, i) => {
      if (msg.role !== 'assistant') return;
      const n = Number(/^answer (\d+)$/.exec(msg.content)?.[1]);
      const earlier = received[n - 1];
      expect(earlier, `answer ${n}`).toBeDefined();
      // The earlier turn sent exactly the history up to this answer.
      expect(earlier!.body.messages).toEqual(m.slice(0, i));
    });
  }
}

describe('bench --turns: conversations carry their growing history', () => {
  it('turn k sends the k user messages and the k−1 answers; figures per turn index', async () => {
    const gw = await countingGateway();
    const r = await benchAt(
      gw,
      '--turns',
      '3',
      '-c',
      '1',
      '-n',
      '12',
      '--input-tokens',
      '40',
      '--think-time',
      '30ms',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(gw.received).toHaveLength(12);
    const turns = gw.received.map((x) => (x.body.messages.length + 1) / 2);
    expect(turns.filter((t) => t === 1)).toHaveLength(4);
    expect(turns.filter((t) => t === 3)).toHaveLength(4);
    checkHistory(gw.received);
    // The pause between an answer and the next turn is the think time.
    for (const x of gw.received.filter((y) => y.body.messages.length > 1)) {
      const prev = gw.received[Number(/\d+/.exec(x.body.messages.at(-2)!.content)![0]) - 1]!;
      expect(x.at - prev.at).toBeGreaterThanOrEqual(29);
    }
    const t = r.doc.targets[0];
    expect(t.turns.map((x: any) => [x.turn, x.requests, x.ok])).toEqual([
      [1, 4, 4],
      [2, 4, 4],
      [3, 4, 4],
    ]);
    // Input tokens as the server counted them: 40 new per turn plus the history.
    const byTurn = (k: number) =>
      gw.received.filter((_, i) => turns[i] === k).reduce((s, x) => s + x.promptTokens, 0);
    expect(t.turns.map((x: any) => x.input_tokens)).toEqual([byTurn(1), byTurn(2), byTurn(3)]);
    expect(byTurn(1)).toBe(160);
    expect(r.doc.load.workload).toMatchObject({ turns: '3', think_time_ms: 30 });
  });

  it('a recorded conversation plays its own user messages, with the live answers in between', async () => {
    const gw = await countingGateway();
    const r = await benchAt(
      gw,
      '--turns',
      '2..5',
      '-c',
      '1',
      '-n',
      '9',
      '--prompts',
      'fixtures/prompts/chat-conversations.jsonl',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    checkHistory(gw.received);
    const known = [
      ['Name a prime number above 100.', 'And the next one?'],
      ['Suggest a name for a grey cat.', 'Something longer?', 'Perfect. What should he eat?'],
      ['How many legs does a spider have?'],
    ];
    for (const x of gw.received) {
      const users = x.body.messages.filter((m) => m.role === 'user').map((m) => m.content);
      expect(known.some((k) => users.every((u, i) => k[i] === u))).toBe(true);
    }
  });

  it('--think-time without --turns, or a bad --turns, is a usage error', async () => {
    const gw = await countingGateway();
    const b = await benchAt(gw, '--think-time', '1s');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--think-time only works with --turns/);
    const c = await benchAt(gw, '--turns', '0');
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--turns: '0' is not N or LO\.\.HI/);
    expect(gw.received).toHaveLength(0);
  });

  it('--rate starts conversations on the arrival schedule; each carries its history', async () => {
    const gw = await countingGateway();
    const r = await benchAt(gw, '--turns', '3', '--rate', '5', '-n', '9', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(gw.received).toHaveLength(9);
    checkHistory(gw.received);
    const t = r.doc.targets[0];
    expect(t.turns.map((x: any) => x.requests)).toEqual([3, 3, 3]);
    // Turn 1 arrives on the schedule (it has a send lag); later turns follow their answers.
    expect(t.sched_lag_ms.count).toBe(3);
  });

  it('per-turn figures show the simulator’s prefix discount', async () => {
    const prefill = { ttftMs: 1, itlMs: 0, outputTokens: 20, prefillTokensPerSecond: 10_000 };
    const e = await chatEnv({ a: { ...prefill, prefixCache: true }, b: { ...prefill } });
    const r = await e.run([
      'bench',
      '-m',
      'a,b',
      '--turns',
      '4',
      '-c',
      '1',
      '-n',
      '8',
      '--input-tokens',
      '1000',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const [cached, plain] = doc.targets;
    const p50 = (t: any, k: number) => t.turns[k - 1].ttft_ms.p50 as number;
    // Without a cache the whole history is read again: turn 4 reads ~3000 tokens (300 ms at
    // 10k tokens/s) more than turn 1. With it only the new message and the last answer are.
    // Margins of 150 ms leave room for a busy machine.
    expect(p50(plain, 4)).toBeGreaterThan(p50(plain, 1) + 150);
    expect(p50(cached, 4)).toBeLessThan(p50(plain, 4) - 150);
    expect(cached.turns[0].cached_tokens).toBe(0);
    for (const k of [2, 3, 4]) {
      const t = cached.turns[k - 1];
      expect(t.cached_tokens / t.input_tokens).toBeGreaterThan((k - 1) / k - 0.05);
    }
    expect(plain.turns.every((t: any) => t.cached_tokens === 0)).toBe(true);
    expect(cached.usage.cached_tokens).toBeGreaterThan(0);
  });
});

describe('bench --turns with several users', () => {
  it('-c users play conversations side by side; -n still counts requests', async () => {
    const gw = await countingGateway();
    const r = await benchAt(gw, '--turns', '4', '-c', '3', '-n', '20', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(gw.received).toHaveLength(20);
    checkHistory(gw.received);
    const counts = r.doc.targets[0].turns.map((t: any) => t.requests);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(20);
    // Conversations cut by the end of the run only shorten the later turns.
    for (let k = 1; k < counts.length; k++) expect(counts[k]).toBeLessThanOrEqual(counts[k - 1]);
  });
});

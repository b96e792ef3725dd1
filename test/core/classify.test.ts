import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from '../../src/core/classify.js';

describe('classifyNetworkError (undici’s own error classes)', () => {
  it('connect, headers and body timeouts are timeout; the rest of the network is network', () => {
    expect(classifyNetworkError(new errors.ConnectTimeoutError())).toBe('timeout');
    expect(classifyNetworkError(new errors.HeadersTimeoutError())).toBe('timeout');
    expect(classifyNetworkError(new errors.BodyTimeoutError())).toBe('timeout');
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyNetworkError(refused)).toBe('network');
    // undici wraps a reset socket: the cause's code is what counts, not UND_ERR_SOCKET.
    const reset = Object.assign(new errors.SocketError('other side closed'), {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    expect(classifyNetworkError(reset)).toBe('network');
    expect(classifyNetworkError(new Error('something else'))).toBe('network');
  });
});

import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/config/json-syntax.js';

describe('findJsonSyntaxError', () => {
  it.each(['{}', '[]', '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}', ' \n{"a":{}}\n'])(
    'accepts valid JSON %j',
    (text) => {
      expect(() => JSON.parse(text) as unknown).not.toThrow();
      expect(findJsonSyntaxError(text)).toBeUndefined();
    },
  );

  it.each([
    ['{"a": 1} x', 1, 10, 'unexpected text after the end'],
    ['[1, 2,]', 1, 7, "trailing comma before ']'"],
    ['{"a": "b\n"}', 1, 7, 'unterminated string'],
    ['{"a": 01}', 1, 8, "unexpected '1', expected ',' or '}'"],
    ['{"a": "\\x"}', 1, 8, 'invalid escape in a string'],
    ['{\n\n  a: 1}', 3, 3, "unexpected 'a', expected a double-quoted property name"],
  ])('locates %j at %i:%i', (text, line, column, reason) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ line, column, reason });
  });
});

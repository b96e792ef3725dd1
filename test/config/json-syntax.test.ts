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
    ['{"a": 1} x', 1, 10, 'unexpected text after the end', 'InvalidSymbol'],
    ['[1, 2,]', 1, 7, "trailing comma before ']'", 'ValueExpected'],
    ['{"a": "b\n"}', 1, 7, 'unterminated string', 'UnexpectedEndOfString'],
    ['{"a": 01}', 1, 8, "unexpected '1', expected ',' or '}'", 'CommaExpected'],
    ['{"a": "\\x"}', 1, 8, 'invalid escape in a string', 'InvalidEscapeCharacter'],
    [
      '{\n\n  a: 1}',
      3,
      3,
      "unexpected 'a', expected a double-quoted property name",
      'InvalidSymbol',
    ],
    ['{"a": 1,}', 1, 9, "trailing comma before '}'", 'PropertyNameExpected'],
    ['{}}', 1, 3, 'unexpected text after the end', 'EndOfFileExpected'],
    ['[1 2]', 1, 4, "unexpected '2', expected ',' or ']'", 'CommaExpected'],
    ['{"a": [1}', 1, 9, "unexpected '}', expected ',' or ']'", 'CommaExpected'],
    ['{"a": 1 x}', 1, 9, "unexpected 'x', expected ',' or '}'", 'InvalidSymbol'],
    ['{"a": tru}', 1, 7, "unexpected 't', expected a value", 'InvalidSymbol'],
    ['{"a": 1', 1, 8, "unexpected end of file, expected ',' or '}'", 'CloseBraceExpected'],
    ['[', 1, 2, 'unexpected end of file, expected a value', 'CloseBracketExpected'],
    ['{"a":\n', 2, 1, 'unexpected end of file, expected a value', 'ValueExpected'],
    ['{"a": 1.}', 1, 7, 'invalid number', 'UnexpectedEndOfNumber'],
    ['{"a": "\\u12g4"}', 1, 8, 'invalid \\u escape in a string', 'InvalidUnicode'],
    ['{"a": "x\ty"}', 1, 9, 'control character in a string (escape it)', 'InvalidCharacter'],
    ['{\n  // note\n}', 2, 3, 'comments are not allowed in JSON', 'InvalidCommentToken'],
    [' \n ', 2, 2, 'the file is empty', 'ValueExpected'],
  ])('locates %j at %i:%i', (text, line, column, reason, code) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    const found = findJsonSyntaxError(text);
    expect(found).toMatchObject({ line, column, reason, code });
    // The offset is the same place as line:column.
    const lines = text.slice(0, found?.offset).split('\n');
    expect([lines.length, (lines.at(-1)?.length ?? 0) + 1]).toEqual([line, column]);
  });
});

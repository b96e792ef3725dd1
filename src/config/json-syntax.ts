/**
 * Locates the first syntax error in a JSON text as line:column with a short reason.
 * `JSON.parse` messages differ between Node versions and do not always carry a position,
 * so a broken config file is parsed again with jsonc-parser (strict: no comments, no trailing
 * commas) and its first error is told in words. Only called after `JSON.parse` failed, so
 * jsonc-parser is loaded then and never on a good file.
 */
import { createRequire } from 'node:module';
import type * as Jsonc from 'jsonc-parser';

export interface JsonSyntaxError {
  /** 0-based offset in the text (UTF-16 code units). */
  offset: number;
  line: number;
  column: number;
  /** jsonc-parser's error kind, e.g. `CommaExpected`. */
  code: string;
  reason: string;
}

type Code = ReturnType<typeof Jsonc.printParseErrorCode>;

interface Found {
  code: Code;
  offset: number;
  length: number;
  /** The closing character of the object or array the error is in. */
  close: '}' | ']' | undefined;
  /** The error comes after the whole document's value. */
  afterRoot: boolean;
}

const requireCjs = createRequire(import.meta.url);

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const jsonc = requireCjs('jsonc-parser') as typeof Jsonc;
  const found = collectErrors(jsonc, text);
  const first = found[0];
  if (!first) return undefined;
  const offset = insideString(text, first);
  return {
    offset,
    ...lineColumn(text, offset),
    code: first.code,
    reason: reasonFor(text, first, explanation(text, found)),
  };
}

function collectErrors(jsonc: typeof Jsonc, text: string): Found[] {
  const found: Found[] = [];
  const open: ('}' | ']')[] = [];
  let rootDone = false;
  const end = (): void => {
    open.pop();
    rootDone ||= open.length === 0;
  };
  jsonc.visit(
    text,
    {
      onObjectBegin: () => void open.push('}'),
      onArrayBegin: () => void open.push(']'),
      onObjectEnd: end,
      onArrayEnd: end,
      onLiteralValue: () => void (rootDone ||= open.length === 0),
      onError: (error, offset, length) => {
        const code = jsonc.printParseErrorCode(error);
        found.push({ code, offset, length, close: open.at(-1), afterRoot: rootDone });
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return found;
}

/**
 * jsonc-parser reports an unknown token (InvalidSymbol) first and then, at the next token,
 * what it expected in its place: that second error explains the first.
 */
function explanation(text: string, found: Found[]): Found | undefined {
  const [first, next] = found;
  if (first?.code !== 'InvalidSymbol' || !next) return undefined;
  const between = text.slice(first.offset + first.length, next.offset);
  return between.trim() === '' ? next : undefined;
}

/** String errors are reported at the string's quote: point at the bad character instead. */
function insideString(text: string, e: Found): number {
  const pattern =
    e.code === 'InvalidCharacter'
      ? /[\u0000-\u001f]/
      : e.code === 'InvalidUnicode' || e.code === 'InvalidEscapeCharacter'
        ? /\\(?:u(?![0-9a-fA-F]{4})|[^"\\/bfnrtu])/
        : undefined;
  const at = pattern?.exec(text.slice(e.offset + 1, e.offset + e.length))?.index;
  return at === undefined ? e.offset : e.offset + 1 + at;
}

/** Errors whose reason does not depend on where they are. */
const FIXED: Partial<Record<Code, string>> = {
  InvalidNumberFormat: 'invalid number',
  UnexpectedEndOfNumber: 'invalid number',
  EndOfFileExpected: 'unexpected text after the end',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'control character in a string (escape it)',
};

function reasonFor(text: string, e: Found, instead: Found | undefined): string {
  const at = `unexpected ${describe(text[e.offset])}`;
  const before = text.slice(0, e.offset).trimEnd().at(-1);
  const afterOpen = before === '{' || before === '[' || before === ',';
  const name = `${at}, expected a double-quoted property name`;
  const value = `${at}, expected a value`;
  switch (e.code) {
    case 'InvalidSymbol':
      if (text[e.offset] === "'") return 'strings need double quotes';
      if (instead) return reasonFor(text, { ...instead, offset: e.offset }, undefined);
      if (e.close) return `${at}, expected ',' or '${e.close}'`;
      return e.afterRoot ? 'unexpected text after the end' : value;
    case 'PropertyNameExpected':
      return text[e.offset] === '}' && before === ',' ? "trailing comma before '}'" : name;
    case 'ValueExpected':
      if (text.trim() === '') return 'the file is empty';
      if (text[e.offset] === e.close && before === ',') return `trailing comma before '${e.close}'`;
      return value;
    case 'ColonExpected':
      return `${at}, expected ':'`;
    case 'CommaExpected':
      return `${at}, expected ',' or '${e.close ?? '}'}'`;
    case 'CloseBraceExpected':
      return afterOpen ? name : `${at}, expected ',' or '}'`;
    case 'CloseBracketExpected':
      return afterOpen ? value : `${at}, expected ',' or ']'`;
    default:
      return FIXED[e.code] ?? 'not valid JSON';
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function describe(c: string | undefined): string {
  if (c === undefined) return 'end of file';
  if (c === '\n' || c === '\r') return 'line break';
  return `'${c}'`;
}

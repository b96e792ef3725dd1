/**
 * Locates the first syntax error in a JSON text as line:column with a short reason.
 * `JSON.parse` messages differ between Node versions and do not always carry a position,
 * so a broken config file is scanned again here to point the user at the exact place.
 */

export interface JsonSyntaxError {
  line: number;
  column: number;
  reason: string;
}

class Stop {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return undefined;
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    return { ...lineColumn(text, err.at), reason: err.reason };
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

class Scanner {
  #i = 0;
  constructor(private readonly text: string) {}

  document(): void {
    this.ws();
    if (this.#i >= this.text.length) throw new Stop(this.#i, 'the file is empty');
    this.value();
    this.ws();
    if (this.#i < this.text.length) throw new Stop(this.#i, 'unexpected text after the end');
  }

  private peek(): string | undefined {
    return this.text[this.#i];
  }

  private ws(): void {
    while (/[ \t\r\n]/.test(this.peek() ?? '')) this.#i++;
  }

  private value(): void {
    const c = this.peek();
    if (c === undefined) throw new Stop(this.#i, 'unexpected end of file, expected a value');
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.#i)) {
        this.#i += word.length;
        return;
      }
    }
    if (c === "'") throw new Stop(this.#i, 'strings need double quotes');
    throw new Stop(this.#i, `unexpected ${describe(c)}, expected a value`);
  }

  private object(): void {
    this.#i++;
    this.ws();
    if (this.peek() === '}') {
      this.#i++;
      return;
    }
    for (;;) {
      this.ws();
      const c = this.peek();
      if (c !== '"') {
        if (c === '}') throw new Stop(this.#i, "trailing comma before '}'");
        throw new Stop(
          this.#i,
          `unexpected ${describe(c)}, expected a double-quoted property name`,
        );
      }
      this.string();
      this.ws();
      if (this.peek() !== ':')
        throw new Stop(this.#i, `unexpected ${describe(this.peek())}, expected ':'`);
      this.#i++;
      this.ws();
      this.value();
      if (this.afterMember('}')) return;
    }
  }

  private array(): void {
    this.#i++;
    this.ws();
    if (this.peek() === ']') {
      this.#i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.peek() === ']') throw new Stop(this.#i, "trailing comma before ']'");
      this.value();
      if (this.afterMember(']')) return;
    }
  }

  /** After a member of an object or array: `,` goes on (false), `close` ends it (true). */
  private afterMember(close: '}' | ']'): boolean {
    this.ws();
    const next = this.peek();
    if (next !== ',' && next !== close) {
      throw new Stop(this.#i, `unexpected ${describe(next)}, expected ',' or '${close}'`);
    }
    this.#i++;
    return next === close;
  }

  private string(): void {
    const start = this.#i;
    this.#i++;
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '\n') throw new Stop(start, 'unterminated string');
      if (c === '"') {
        this.#i++;
        return;
      }
      if (c < ' ') throw new Stop(this.#i, 'control character in a string (escape it)');
      if (c === '\\') {
        const e = this.text[this.#i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.#i + 2, this.#i + 6))) {
            throw new Stop(this.#i, 'invalid \\u escape in a string');
          }
          this.#i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          throw new Stop(this.#i, 'invalid escape in a string');
        }
        this.#i += 2;
        continue;
      }
      this.#i++;
    }
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.#i));
    if (!match) throw new Stop(this.#i, 'invalid number');
    this.#i += match[0].length;
  }
}

function describe(c: string | undefined): string {
  if (c === undefined) return 'end of file';
  if (c === '\n' || c === '\r') return 'line break';
  return `'${c}'`;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// No function in src/ is longer than MAX_LINES (counted from its first to its last line): long
// functions hide the behaviour, so they are split along their seams. Functions, methods, getters,
// constructors and arrow functions are all checked, nested ones too.
const ROOT = join(import.meta.dirname, '../..');
const MAX_LINES = 80;

// Functions still waiting to be split. This list must only shrink: never add to it (empty now).
const PENDING = new Set<string>([]);

type FunctionNode = ts.SignatureDeclaration & { body?: ts.Node };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function nameOf(node: FunctionNode, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) {
    return parent.name.getText(source);
  }
  const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  return `<anonymous>@${line}`;
}

function isFunction(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** Every function in `text` longer than `max` lines, as `name (N lines)`. */
function longFunctions(
  fileName: string,
  text: string,
  max = MAX_LINES,
): { name: string; lines: number }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push({ name: nameOf(node, source), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function longFunctionsInSrc(): { key: string; lines: number }[] {
  return sourceFiles(join(ROOT, 'src')).flatMap((path) => {
    const file = relative(ROOT, path).split('\\').join('/');
    return longFunctions(file, readFileSync(path, 'utf8')).map((f) => ({
      key: `${file}:${f.name}`,
      lines: f.lines,
    }));
  });
}

describe('function length', () => {
  it(`no function in src/ is longer than ${MAX_LINES} lines (except the pending list)`, () => {
    const over = longFunctionsInSrc()
      .filter((f) => !PENDING.has(f.key))
      .map((f) => `${f.key} (${f.lines} lines)`);
    expect(over).toEqual([]);
  });

  it('the pending list names only functions that are still too long', () => {
    const stillLong = new Set(longFunctionsInSrc().map((f) => f.key));
    expect([...PENDING].filter((key) => !stillLong.has(key))).toEqual([]);
  });

  it('finds a long function, method and arrow, and passes a short one', () => {
    const body = (n: number): string =>
      Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = [
      `function longOne() {\n${body(80)}\n}`,
      `function shortOne() {\n${body(78)}\n}`,
      `class K {\n  method() {\n${body(79)}\n  }\n}`,
      `const arrow = () => {\n${body(90)}\n};`,
    ].join('\n');
    expect(longFunctions('x.ts', text)).toEqual([
      { name: 'longOne', lines: 82 },
      { name: 'method', lines: 81 },
      { name: 'arrow', lines: 92 },
    ]);
  });
});

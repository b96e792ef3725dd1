import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The one-way rule of docs/architecture.md, checked on every import of src/ (static, type-only,
 * re-exports and dynamic `import()`): no import circles; domain folders never reach up into
 * src/cli or src/ui; src/core is the ground floor; src/ui imports nothing from src/core
 * (it formats the engine's plain data; the types it names come through src/bench).
 */

const SRC = join(import.meta.dirname, '../../src');

/** Folders below the CLI and the UI: they never import either. */
const DOMAIN = ['core', 'config', 'bench', 'health', 'cost', 'simulator', 'chat'];

/** The floors of the picture in docs/architecture.md: an import between folders runs down. */
const FLOOR: Record<string, number> = {
  core: 0,
  config: 1,
  bench: 2,
  health: 2,
  chat: 2,
  cost: 2,
  simulator: 2,
  ui: 3,
  report: 3,
  cli: 4,
};

interface Edge {
  from: string;
  to: string;
  /** `import type …`, `export type … from`, or every named binding marked `type`. */
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

/** `./x.js` from `src/a/b.ts` → `a/x.ts` (or `.tsx`), relative to src/; undefined for packages. */
function target(file: string, spec: string, known: Set<string>): string | undefined {
  // packages, and stylesheets the report's page script imports for the bundler (not modules)
  if (!spec.startsWith('.') || spec.endsWith('.css')) return undefined;
  const base = relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) {
    if (known.has(candidate)) return candidate;
  }
  return `${base} (missing)`;
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import runs the module
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return (
    clause.name === undefined &&
    named !== undefined &&
    ts.isNamedImports(named) &&
    named.elements.length > 0 &&
    named.elements.every((e) => e.isTypeOnly)
  );
}

function importsOf(file: string, known: Set<string>): Edge[] {
  const from = relative(SRC, file);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const edges: Edge[] = [];
  const add = (spec: string, typeOnly: boolean): void => {
    const to = target(file, spec, known);
    if (to !== undefined) edges.push({ from, to, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, isTypeOnly(node));
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

function importGraph(): Edge[] {
  const files = sources(SRC);
  const known = new Set(files.map((f) => relative(SRC, f)));
  return files.flatMap((f) => importsOf(f, known));
}

const folderOf = (path: string): string => path.split('/')[0] ?? path;

/** Strongly connected components with more than one file (or a file importing itself). */
function circles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (;;) {
      const w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1 || (next.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of new Set(edges.map((e) => e.from))) if (!index.has(v)) connect(v);
  return found;
}

const show = (e: Edge): string => `${e.from} -> ${e.to}${e.typeOnly ? ' (type)' : ''}`;

describe('import boundaries of src/', () => {
  const edges = importGraph();

  it('sees static, type-only and dynamic imports (the checks below read real edges)', () => {
    const has = (from: string, to: string, typeOnly: boolean): boolean =>
      edges.some((e) => e.from === from && e.to === to && e.typeOnly === typeOnly);
    expect(has('cli/program.ts', 'cli/chat/command.ts', false)).toBe(true);
    expect(has('cli/chat/command.ts', 'cli/chat/run-chat.ts', false)).toBe(true); // import()
    expect(has('cli/chat/command.ts', 'cli/chat/run-chat.ts', true)).toBe(true); // import type
    expect(edges.filter((e) => e.to.endsWith('(missing)')).map(show)).toEqual([]);
  });

  it('has no import circles', () => {
    expect(circles(edges)).toEqual([]);
  });

  it('keeps the domain folders from importing src/cli or src/ui', () => {
    const upward = edges.filter(
      (e) => DOMAIN.includes(folderOf(e.from)) && ['cli', 'ui'].includes(folderOf(e.to)),
    );
    expect(upward.map(show)).toEqual([]);
  });

  it('keeps src/core the ground floor: it imports only src/core', () => {
    const out = edges.filter((e) => folderOf(e.from) === 'core' && folderOf(e.to) !== 'core');
    expect(out.map(show)).toEqual([]);
  });

  it('runs every import between folders down the floors (domains may use each other)', () => {
    const folders = new Set(edges.map((e) => folderOf(e.from)));
    expect([...folders].filter((f) => FLOOR[f] === undefined)).toEqual([]); // a new folder needs a floor
    const up = edges.filter(
      (e) =>
        folderOf(e.from) !== folderOf(e.to) && FLOOR[folderOf(e.to)]! > FLOOR[folderOf(e.from)]!,
    );
    expect(up.map(show)).toEqual([]);
  });

  it('keeps src/ui off src/core, even for types (it formats; it never calls the client)', () => {
    const calls = edges.filter((e) => folderOf(e.from) === 'ui' && folderOf(e.to) === 'core');
    expect(calls.map(show)).toEqual([]);
  });
});

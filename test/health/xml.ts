/**
 * A strict little XML reader for tests: checks well-formedness (one root, balanced tags,
 * quoted unique attributes, only the five predefined entities or character references,
 * no raw `<` or `&` in text) and returns the element tree.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*$/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`raw < in ${where}`);
  const stripped = raw.replace(ENTITY, '');
  if (stripped.includes('&')) throw new Error(`bad entity in ${where}: ${raw}`);
  return raw
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function parseXml(text: string): XmlElement {
  let i = 0;
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (stack.length === 0) {
      if (chunk.trim()) throw new Error(`text outside the root: ${chunk.trim()}`);
    } else {
      stack[stack.length - 1]!.text += decode(chunk, 'text');
    }
    if (lt < 0) break;
    const gt = text.indexOf('>', lt);
    if (gt < 0) throw new Error('unterminated tag');
    const tag = text.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`mismatched </${name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([^\s]+)([\s\S]*)$/.exec(body);
    if (!m || !NAME.test(m[1]!)) throw new Error(`bad tag <${tag}>`);
    const el: XmlElement = { name: m[1]!, attrs: {}, children: [], text: '' };
    let rest = m[2]!;
    const attr = /^\s+([A-Za-z_][\w.-]*)="([^"]*)"/;
    for (let a = attr.exec(rest); a; a = attr.exec(rest)) {
      if (a[1]! in el.attrs) throw new Error(`duplicate attribute ${a[1]}`);
      el.attrs[a[1]!] = decode(a[2]!, `attribute ${a[1]}`);
      rest = rest.slice(a[0].length);
    }
    if (rest.trim()) throw new Error(`bad attributes in <${tag}>`);
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    else if (root) throw new Error('two roots');
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

import type { PyNode } from '../../parsers/python.js';

/** The value of a string literal (implicit concatenation included); undefined for f-strings with parts. */
export function stringValue(node: PyNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'parenthesized_expression') return stringValue(node.namedChild(0));
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of node.namedChildren) {
      const v = stringValue(part);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (node.type !== 'string') return undefined;
  const raw = /r/i.test(node.child(0)?.text.replace(/['"]+$/, '') ?? '');
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content') out += raw ? child.text : unescape(child.text);
  }
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

function unescape(text: string): string {
  return text.replace(/\\(.)/gs, (_m, c: string) => ESCAPES[c] ?? (c === '\n' ? '' : c));
}

/** Whether a string node is an f-string with interpolations (or a concatenation containing one). */
export function isInterpolatedString(node: PyNode | null | undefined): boolean {
  if (!node) return false;
  if (node.type === 'concatenated_string') return node.namedChildren.some((c) => isInterpolatedString(c));
  return node.type === 'string' && node.namedChildren.some((c) => c?.type === 'interpolation');
}

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/** A literal's value: strings, numbers, True/False/None, lists/tuples/sets/dicts of literals. */
export function literalValue(node: PyNode | null | undefined): PyValue | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'string':
    case 'concatenated_string':
      return stringValue(node);
    case 'integer':
    case 'float': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isNaN(n) ? undefined : n;
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'parenthesized_expression':
      return literalValue(node.namedChild(0));
    case 'unary_operator': {
      const v = literalValue(node.namedChild(0));
      return typeof v === 'number' && node.text.trim().startsWith('-') ? -v : undefined;
    }
    case 'list':
    case 'tuple':
    case 'set': {
      const out: PyValue[] = [];
      for (const child of node.namedChildren) {
        const v = literalValue(child);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case 'dictionary': {
      const out: Record<string, PyValue> = {};
      for (const pair of node.namedChildren) {
        if (pair?.type !== 'pair') return undefined;
        const key = literalValue(pair.childForFieldName('key'));
        const value = literalValue(pair.childForFieldName('value'));
        if (typeof key !== 'string' || value === undefined) return undefined;
        out[key] = value;
      }
      return out;
    }
    default:
      return undefined;
  }
}

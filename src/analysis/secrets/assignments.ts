import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isPair, isScalar, visit, type Document } from 'yaml';
import type { DockerfileModel } from '../../parsers/dockerfile.js';
import type { YamlModel } from '../../parsers/yaml.js';

/** A key with a literal value in a config file: what the named-secret checks look at. */
export interface NamedValue {
  key: string;
  value: string;
  /** 1-based. */
  line: number;
  column?: number;
}

/** Every `key: "string"` pair of every YAML document, and `KEY=value` items of lists (compose `environment:`). */
export function yamlNamedValues(model: YamlModel): NamedValue[] {
  const out: NamedValue[] = [];
  for (const doc of model.docs as Document.Parsed[]) {
    visit(doc, {
      Pair(_key, pair) {
        if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) return;
        const value = pair.value.value;
        if (typeof value !== 'string') return;
        const line = model.lineOf(pair.value);
        if (line) out.push({ key: String(pair.key.value), value, line });
      },
      Scalar(_key, node) {
        if (typeof node.value !== 'string') return;
        const match = /^([A-Za-z_][\w.-]*)=(.*)$/s.exec(node.value);
        const line = model.lineOf(node);
        if (match && line) out.push({ key: match[1], value: match[2], line });
      },
    });
  }
  return out;
}

/** String properties of a JSON document, at any depth. */
export function jsonNamedValues(text: string): NamedValue[] {
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    // jsonc-parser recurses: pathological nesting overflows the stack. Such a file holds no config.
    return [];
  }
  if (!tree) return [];
  const out: NamedValue[] = [];
  const lineStarts = lineOffsets(text);
  const stack: JsonNode[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'property') {
      const [key, value] = node.children ?? [];
      if (key && value?.type === 'string' && typeof value.value === 'string') {
        const { line, column } = position(lineStarts, value.offset);
        out.push({ key: String(key.value), value: value.value, line, column });
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return out;
}

/**
 * Line-oriented `key = "value"` files: TOML, INI, .properties, .npmrc, .cfg. Tables and sections
 * do not change what a secret-named key with a literal value means, so no full parse is needed.
 */
export function lineNamedValues(text: string): NamedValue[] {
  const out: NamedValue[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*)(?:export\s+)?(["']?)([\w.\-/:]+?)\2\s*[=:]\s*(["']?)([^"'#;\s][^"'#;]*?)\4\s*(?:[#;].*)?$/.exec(lines[i]);
    if (!match) continue;
    const key = match[3].slice(match[3].lastIndexOf(':') + 1);
    const column = lines[i].indexOf(match[5], match[1].length + match[3].length) + 1;
    out.push({ key, value: match[5].trim(), line: i + 1, column });
  }
  return out;
}

/** `ENV KEY=value` and `ARG KEY=default` of a Dockerfile. */
export function dockerfileNamedValues(model: DockerfileModel): NamedValue[] {
  const out: NamedValue[] = [];
  const instructions = [...model.dockerfile.getENVs(), ...model.dockerfile.getARGs()];
  for (const instruction of instructions) {
    for (const property of instruction.getProperties()) {
      const value = property.getValue();
      const range = property.getValueRange();
      if (value === null || !range) continue;
      out.push({ key: property.getName(), value, line: range.start.line + 1, column: range.start.character + 1 });
    }
  }
  return out;
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 2 };
}

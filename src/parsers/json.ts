import { findNodeAtLocation, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { fail, ok, type ParseResult } from './result.js';

export interface JsonModel {
  value: unknown;
  /** 1-based line of the value at a JSON path (`['dependencies', 'react']`). */
  lineOf(path: (string | number)[]): number | undefined;
}

export function parseJson(text: string): ParseResult<JsonModel> {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!tree || errors.length) {
    const offset = errors[0]?.offset ?? 0;
    return fail(`invalid JSON (error code ${errors[0]?.error ?? '?'})`, lineAt(text, offset));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = nodeValue(tree);
  }
  return ok({
    value,
    lineOf(path) {
      const node = findNodeAtLocation(tree, path);
      const at = node?.parent?.type === 'property' ? node.parent : node;
      return at ? lineAt(text, at.offset) : undefined;
    },
  });
}

function nodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(
        (node.children ?? []).map((p) => [p.children?.[0]?.value, p.children?.[1] ? nodeValue(p.children[1]) : null]),
      );
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

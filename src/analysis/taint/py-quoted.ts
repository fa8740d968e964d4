import type { PyNode } from '../../parsers/python.js';
import { walk } from '../python/ast.js';
import { callInfo } from '../python/calls.js';
import type { ImportMap } from '../python/imports.js';
import { literalValue, stringValue } from '../python/values.js';

const SHELL_QUOTES = /^(?:shlex\.quote|shlex\.join|pipes\.quote|int|float)$/;

/**
 * Whether a shell command string is assembled only from literals and shell-quoted values:
 * `f"convert {shlex.quote(src)} out.png"`, `"tar czf {}".format(shlex.quote(name))`, `"rm " + quote(p)`.
 */
export function pyShellQuoted(command: PyNode, imports: ImportMap, fn?: PyNode, resolved = false): boolean {
  // `cmd = "…".format(quote(x))` then `run(cmd, shell=True)`: one assignment in the function.
  if (command.type === 'identifier' && fn && !resolved) {
    const assigned = assignmentsOf(fn, command.text);
    return assigned.length === 1 && pyShellQuoted(assigned[0], imports, fn, true);
  }
  const holes: PyNode[] = [];
  const collect = (n: PyNode): void => {
    if (n.type === 'parenthesized_expression' && n.namedChild(0)) return collect(n.namedChild(0)!);
    if (n.type === 'string') {
      for (const c of n.namedChildren) if (c?.type === 'interpolation' && c.namedChild(0)) holes.push(c.namedChild(0)!);
      return;
    }
    if (n.type === 'concatenated_string') return n.namedChildren.forEach((c) => c && collect(c));
    if (n.type === 'binary_operator') {
      const op = n.childForFieldName('operator')?.text;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (op === '+' && left && right) return (collect(left), collect(right));
      if (op === '%' && left && right && stringValue(left) !== undefined) {
        const items = right.type === 'tuple' ? right.namedChildren : [right];
        return items.forEach((c) => c && holes.push(c));
      }
    }
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' && stringValue(fn.childForFieldName('object')) !== undefined) {
        for (const a of n.childForFieldName('arguments')?.namedChildren ?? []) {
          const value = a?.type === 'keyword_argument' ? a.childForFieldName('value') : a;
          if (value) holes.push(value);
        }
        return;
      }
    }
    holes.push(n);
  };
  collect(command);
  const safe = (h: PyNode, depth: number): boolean => {
    if (literalValue(h) !== undefined || (h.type === 'call' && SHELL_QUOTES.test(callInfo(h, imports).name ?? ''))) return true;
    if (h.type !== 'identifier' || !fn || depth > 1) return false;
    const assigned = assignmentsOf(fn, h.text);
    return assigned.length === 1 && safe(assigned[0], depth + 1);
  };
  return holes.length > 0 && holes.every((h) => safe(h, 0));
}

function assignmentsOf(fn: PyNode, name: string): PyNode[] {
  const found: PyNode[] = [];
  walk(fn, (n) => {
    if ((n.type === 'assignment' || n.type === 'augmented_assignment') && n.childForFieldName('left')?.text === name) {
      const right = n.childForFieldName('right');
      // `cmd += x` adds a piece the single assignment does not show: count it as unknown.
      found.push(n.type === 'assignment' && right ? right : n);
    }
    if (n.type === 'for_statement' && n.childForFieldName('left')?.text === name) found.push(n);
    return undefined;
  });
  return found;
}

import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { localAssignment } from '../consts/python.js';
import { walk as jsWalk, type FunctionNode } from '../js/ast.js';
import { isKnown, staticValue } from '../js/values.js';
import { walk, dottedName } from '../python/ast.js';
import { stringValue } from '../python/values.js';

/**
 * A string built at run time: the literal text and the expressions spliced into it. Python
 * f-strings, `%` formatting, `.format()`, `+`; JS template literals and `+`. A name is followed to
 * its local assignment once (`sql = f"..."; cur.execute(sql)`).
 */
export interface BuiltString<N> {
  text: string;
  parts: N[];
}

export function pyBuiltString(node: PyNode | null | undefined, depth = 0): BuiltString<PyNode> | undefined {
  if (!node || depth > 3) return undefined;
  switch (node.type) {
    case 'parenthesized_expression':
      return pyBuiltString(node.namedChild(0), depth + 1);
    case 'identifier': {
      const assigned = localAssignment(node);
      return assigned ? pyBuiltString(assigned, depth + 1) : undefined;
    }
    case 'string':
    case 'concatenated_string': {
      const parts: PyNode[] = [];
      let text = '';
      walk(node, (n) => {
        if (n.type === 'interpolation') {
          const expr = n.namedChild(0);
          if (expr) parts.push(expr);
          return false;
        }
        if (n.type === 'string_content') text += n.text;
        return undefined;
      });
      return parts.length ? { text, parts } : undefined;
    }
    case 'binary_operator': {
      const op = node.childForFieldName('operator')?.text;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (op === '%' && left && stringValue(left) !== undefined && right) {
        const parts = right.type === 'tuple' || right.type === 'dictionary' ? right.namedChildren.filter((c): c is PyNode => !!c).map((c) => (c.type === 'pair' ? c.childForFieldName('value')! : c)) : [right];
        return { text: stringValue(left)!, parts };
      }
      if (op === '+' && left && right) {
        const l = stringValue(left) !== undefined ? { text: stringValue(left)!, parts: [] as PyNode[] } : pyBuiltString(left, depth + 1) ?? { text: '', parts: [left] };
        const r = stringValue(right) !== undefined ? { text: stringValue(right)!, parts: [] as PyNode[] } : pyBuiltString(right, depth + 1) ?? { text: '', parts: [right] };
        if (!l.text && !r.text) return undefined;
        return l.parts.length + r.parts.length ? { text: l.text + r.text, parts: [...l.parts, ...r.parts] } : undefined;
      }
      return undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format') {
        const text = stringValue(fn.childForFieldName('object'));
        if (text === undefined) return undefined;
        const args = node.childForFieldName('arguments')?.namedChildren.filter((c): c is PyNode => !!c).map((c) => (c.type === 'keyword_argument' ? c.childForFieldName('value')! : c)) ?? [];
        return args.length ? { text, parts: args } : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Whether a Python expression is made of literals and module-level literal constants only. */
export function pyIsConstantExpr(node: PyNode, constants: ReadonlySet<string>): boolean {
  let constant = true;
  walk(node, (n) => {
    if (!constant) return false;
    if (n.type === 'identifier') {
      const parent = n.parent;
      const isAttr = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === n.id;
      if (!isAttr && !constants.has(n.text) && !/^[A-Z][A-Z0-9_]+$/.test(n.text)) constant = false;
    } else if (n.type === 'call' || n.type === 'subscript') {
      constant = false;
    } else if (n.type === 'attribute' && !/^[A-Z][A-Z0-9_]+$/.test(n.childForFieldName('attribute')?.text ?? '') && !constants.has(dottedName(n) ?? '')) {
      constant = false;
    }
    return undefined;
  });
  return constant;
}

export function jsBuiltString(node: Node | null | undefined, fn: FunctionNode | undefined, constants: Map<string, Node>, depth = 0): BuiltString<Node> | undefined {
  if (!node || depth > 3) return undefined;
  switch (node.type) {
    case 'TemplateLiteral':
      return node.expressions.length ? { text: node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(' '), parts: node.expressions as Node[] } : undefined;
    case 'BinaryExpression': {
      if (node.operator !== '+') return undefined;
      const side = (n: Node): BuiltString<Node> => {
        if (n.type === 'StringLiteral') return { text: n.value, parts: [] };
        return jsBuiltString(n, fn, constants, depth + 1) ?? { text: '', parts: [n] };
      };
      const l = side(node.left as Node);
      const r = side(node.right);
      if (!l.text && !r.text) return undefined;
      return l.parts.length + r.parts.length ? { text: l.text + r.text, parts: [...l.parts, ...r.parts] } : undefined;
    }
    case 'Identifier': {
      let init: Node | undefined;
      if (fn) {
        jsWalk(fn, (n) => {
          if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.id.name === node.name && n.init) init = n.init;
          return undefined;
        });
      }
      init ??= constants.get(node.name);
      return init ? jsBuiltString(init, fn, constants, depth + 1) : undefined;
    }
    case 'TSAsExpression':
    case 'ParenthesizedExpression':
      return jsBuiltString(node.expression, fn, constants, depth + 1);
    default:
      return undefined;
  }
}

export function jsIsConstantExpr(node: Node, constants: Map<string, Node>): boolean {
  return isKnown(staticValue(node, constants)) || (node.type === 'Identifier' && /^[A-Z][A-Z0-9_]+$/.test(node.name));
}

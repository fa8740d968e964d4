import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { localAssignment } from '../consts/python.js';
import { walk as jsWalk, type FunctionNode } from '../js/ast.js';
import { isKnown, staticValue } from '../js/values.js';
import { ignoresItems } from './js.js';
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

/**
 * A part spliced into SQL that cannot carry client text: a constant, a number conversion, a value
 * picked from the app's own table (`SORTABLE[req.query.sort] ?? 'created_at'`), or placeholders made
 * per item (`ids.map(() => '?').join(',')`). Local names are followed to their initialiser.
 */
export function jsIsSafeSqlPart(node: Node, fn: FunctionNode | undefined, constants: Map<string, Node>, depth = 0): boolean {
  if (depth > 4) return false;
  if (jsIsConstantExpr(node, constants)) return true;
  const again = (n: Node | null | undefined) => !!n && jsIsSafeSqlPart(n, fn, constants, depth + 1);
  switch (node.type) {
    case 'NumericLiteral':
    case 'StringLiteral':
      return true;
    case 'TemplateLiteral':
      return node.expressions.every((e) => again(e as Node));
    case 'BinaryExpression':
      // Arithmetic yields numbers; `+` may concatenate.
      return node.operator === '+' ? again(node.left as Node) && again(node.right) : true;
    case 'UnaryExpression':
      return node.operator === '+' || node.operator === '-' || node.operator === '!';
    case 'LogicalExpression':
      return again(node.left) && again(node.right);
    case 'ConditionalExpression':
      return again(node.consequent) && again(node.alternate);
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
      return again(node.expression);
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      if (!node.computed && node.property.type === 'Identifier' && node.property.name === 'length') return true;
      // A lookup in a module constant whose values are all literals: an allow-list.
      if (node.computed && node.object.type === 'Identifier') {
        const table = constants.get(node.object.name);
        if (table?.type === 'ObjectExpression') return table.properties.length > 0 && table.properties.every((p) => p.type === 'ObjectProperty' && (p.value.type === 'StringLiteral' || p.value.type === 'NumericLiteral'));
        if (table?.type === 'ArrayExpression') return table.elements.length > 0 && table.elements.every((e) => e?.type === 'StringLiteral' || e?.type === 'NumericLiteral');
      }
      return false;
    }
    case 'CallExpression':
    case 'OptionalCallExpression': {
      const callee = node.callee;
      if (callee.type === 'Identifier' && /^(?:Number|parseInt|parseFloat)$/.test(callee.name)) return true;
      if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return false;
      if (callee.computed || callee.property.type !== 'Identifier') return false;
      const method = callee.property.name;
      if (callee.object.type === 'Identifier' && callee.object.name === 'Number') return true;
      if (method === 'join') {
        const inner = callee.object;
        return (inner.type === 'CallExpression' || inner.type === 'OptionalCallExpression') && ignoresItems(inner) && (node.arguments.length === 0 || again(node.arguments[0] as Node));
      }
      if (method === 'repeat' || method === 'toFixed') return again(callee.object);
      return false;
    }
    case 'Identifier': {
      let init: Node | undefined;
      let assigned = 0;
      if (fn) {
        jsWalk(fn, (n) => {
          if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.id.name === node.name && n.init) init = n.init;
          if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier' && n.left.name === node.name) assigned++;
          return undefined;
        });
      }
      return !!init && assigned === 0 && again(init);
    }
    default:
      return false;
  }
}

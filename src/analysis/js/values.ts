import type { Node, ObjectExpression } from '@babel/types';
import { topLevelStatements } from './ast.js';
import { memberPath } from './names.js';

/** Top-level `const X = …` bindings of a module: name → initialiser. */
export function moduleConstants(ast: Node): Map<string, Node> {
  const map = new Map<string, Node>();
  const program = ast.type === 'File' ? ast.program : ast;
  for (const statement of topLevelStatements(program)) {
    if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') continue;
    for (const d of statement.declarations) if (d.id.type === 'Identifier' && d.init) map.set(d.id.name, d.init);
  }
  return map;
}

export type JsValue = string | number | boolean | null | undefined | RegExp | JsValue[] | { [key: string]: JsValue };

export const UNKNOWN = Symbol('unknown');

/**
 * The static value of an expression: literals, template literals and `+` of known parts,
 * arrays/objects of literals, identifiers bound to module constants. `UNKNOWN` means dynamic.
 */
export function staticValue(node: Node | null | undefined, constants?: Map<string, Node>, depth = 0): JsValue | typeof UNKNOWN {
  if (!node || depth > 20) return UNKNOWN;
  switch (node.type) {
    case 'StringLiteral':
      return node.value;
    case 'NumericLiteral':
      return node.value;
    case 'BooleanLiteral':
      return node.value;
    case 'NullLiteral':
      return null;
    case 'RegExpLiteral':
      return new RegExp(node.pattern, node.flags.replace(/[^gimsuy]/g, ''));
    case 'Identifier':
      if (node.name === 'undefined') return undefined;
      return constants?.has(node.name) ? staticValue(constants.get(node.name), constants, depth + 1) : UNKNOWN;
    case 'TemplateLiteral': {
      let out = '';
      for (let i = 0; i < node.quasis.length; i++) {
        out += node.quasis[i].value.cooked ?? node.quasis[i].value.raw;
        if (i < node.expressions.length) {
          const v = staticValue(node.expressions[i], constants, depth + 1);
          if (v === UNKNOWN || typeof v === 'object') return UNKNOWN;
          out += String(v);
        }
      }
      return out;
    }
    case 'BinaryExpression': {
      if (node.operator !== '+') return UNKNOWN;
      const l = staticValue(node.left, constants, depth + 1);
      const r = staticValue(node.right, constants, depth + 1);
      if (l === UNKNOWN || r === UNKNOWN) return UNKNOWN;
      if (typeof l === 'string' || typeof r === 'string') return String(l) + String(r);
      return typeof l === 'number' && typeof r === 'number' ? l + r : UNKNOWN;
    }
    case 'UnaryExpression':
      if (node.operator === '!') {
        const v = staticValue(node.argument, constants, depth + 1);
        return v === UNKNOWN ? UNKNOWN : !v;
      }
      if (node.operator === '-') {
        const v = staticValue(node.argument, constants, depth + 1);
        return typeof v === 'number' ? -v : UNKNOWN;
      }
      return UNKNOWN;
    case 'ArrayExpression': {
      const out: JsValue[] = [];
      for (const el of node.elements) {
        const v = el && el.type !== 'SpreadElement' ? staticValue(el, constants, depth + 1) : UNKNOWN;
        if (v === UNKNOWN) return UNKNOWN;
        out.push(v);
      }
      return out;
    }
    case 'ObjectExpression': {
      const out: Record<string, JsValue> = {};
      for (const prop of node.properties) {
        if (prop.type !== 'ObjectProperty') return UNKNOWN;
        const key = propertyKey(prop.key, prop.computed);
        if (key === undefined) return UNKNOWN;
        const v = staticValue(prop.value, constants, depth + 1);
        if (v === UNKNOWN) return UNKNOWN;
        out[key] = v;
      }
      return out;
    }
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'ParenthesizedExpression':
    case 'TypeCastExpression':
      return staticValue(node.expression, constants, depth + 1);
    default:
      return UNKNOWN;
  }
}

export function isKnown<T>(value: T | typeof UNKNOWN): value is T {
  return value !== UNKNOWN;
}

/** A string's static value, or undefined when it is not a known string. */
export function staticString(node: Node | null | undefined, constants?: Map<string, Node>): string | undefined {
  const v = staticValue(node, constants);
  return typeof v === 'string' ? v : undefined;
}

function propertyKey(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  return undefined;
}

/** The value node of `key` in an object literal (`{ origin: '*' }` → the `'*'` node). */
export function objectProperty(obj: Node | null | undefined, key: string): Node | undefined {
  if (!obj || obj.type !== 'ObjectExpression') return undefined;
  for (const prop of (obj as ObjectExpression).properties) {
    if (prop.type === 'ObjectProperty' && propertyKey(prop.key, prop.computed) === key) return prop.value;
    if (prop.type === 'ObjectMethod' && propertyKey(prop.key, prop.computed) === key) return prop;
  }
  return undefined;
}

/**
 * An environment read with a fallback: `process.env.X ?? 'd'`, `process.env.X || 'd'`,
 * `import.meta.env.X || 'd'`. Returns the variable and the fallback node (if any).
 */
export function envRead(node: Node | null | undefined): { name: string; fallback?: Node } | undefined {
  if (!node) return undefined;
  if (node.type === 'LogicalExpression' && (node.operator === '??' || node.operator === '||')) {
    const left = envRead(node.left);
    return left ? { name: left.name, fallback: node.right } : undefined;
  }
  const path = memberPath(node);
  const match = path && /^(?:process\.env|import\.meta\.env|Deno\.env)\.(\w+)$/.exec(path);
  if (match) return { name: match[1] };
  if (node.type === 'MemberExpression' && node.computed && node.property.type === 'StringLiteral') {
    const obj = memberPath(node.object);
    if (obj === 'process.env' || obj === 'import.meta.env') return { name: node.property.value };
  }
  return undefined;
}

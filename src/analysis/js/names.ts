import type { Node } from '@babel/types';
import type { JsImports } from './imports.js';

/**
 * `a.b.c` for identifier/member chains (`this` → `this`, `import.meta.env.X` → `import.meta.env.X`,
 * `a['b']` → `a.b`); undefined for anything dynamic.
 */
export function memberPath(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'Identifier':
      return node.name;
    case 'ThisExpression':
      return 'this';
    case 'Super':
      return 'super';
    case 'MetaProperty':
      return `${node.meta.name}.${node.property.name}`;
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const object = memberPath(node.object);
      if (!object) return undefined;
      const property = memberPropertyName(node);
      return property === undefined ? undefined : `${object}.${property}`;
    }
    case 'TSNonNullExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TypeCastExpression':
    case 'ParenthesizedExpression':
      return memberPath(node.expression);
    default:
      return undefined;
  }
}

/**
 * The callee of a call with imports resolved to `module.member` form: `cp.exec` (from
 * `import * as cp from 'node:child_process'`) → `child_process.exec`; `exec` (destructured from
 * `require('child_process')`) → `child_process.exec`; `axios.get` → `axios.get`; an imported
 * default `express()` → `express`. Unresolved locals stay as written.
 */
export function calleeName(call: Node, imports: JsImports): string | undefined {
  if (call.type !== 'CallExpression' && call.type !== 'OptionalCallExpression' && call.type !== 'NewExpression') return undefined;
  // `require('fastify')({ logger: true })`, `require('express').Router()`
  const callee = call.callee;
  const inline = requiredModule(callee);
  if (inline !== undefined) return inline;
  if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && callee.property.type === 'Identifier') {
    const module = requiredModule(callee.object);
    if (module !== undefined) return `${module}.${callee.property.name}`;
  }
  return resolveName(memberPath(callee), imports);
}

/** The module of `require('x')` / `import('x')` (without `node:`); undefined for anything else. */
export function requiredModule(node: Node | null | undefined): string | undefined {
  if (node?.type === 'AwaitExpression') return requiredModule(node.argument);
  if (node?.type !== 'CallExpression') return undefined;
  const arg = node.arguments[0];
  if (arg?.type !== 'StringLiteral') return undefined;
  const isRequire = (node.callee.type === 'Identifier' && node.callee.name === 'require') || node.callee.type === 'Import';
  if (!isRequire) return undefined;
  return arg.value.startsWith('node:') ? arg.value.slice(5) : arg.value;
}

export function resolveName(written: string | undefined, imports: JsImports): string | undefined {
  if (!written) return undefined;
  const dot = written.indexOf('.');
  const head = dot < 0 ? written : written.slice(0, dot);
  const binding = imports.get(head);
  if (!binding) return written;
  const base = binding.imported === 'default' || binding.imported === '*' ? binding.source : `${binding.source}.${binding.imported}`;
  return dot < 0 ? base : `${base}${written.slice(dot)}`;
}

/** The last segment of a dotted name: `res.setHeader` → `setHeader`. */
export function lastSegment(name: string | undefined): string | undefined {
  return name?.slice(name.lastIndexOf('.') + 1);
}

/** The property a member expression reads, as written: `a.b` → `b`, `a['b']` → `b`, `a.#b` → `#b`. */
export function memberPropertyName(node: Extract<Node, { type: 'MemberExpression' | 'OptionalMemberExpression' }>): string | undefined {
  if (node.computed) return node.property.type === 'StringLiteral' ? node.property.value : undefined;
  if (node.property.type === 'Identifier') return node.property.name;
  return node.property.type === 'PrivateName' ? `#${node.property.id.name}` : undefined;
}

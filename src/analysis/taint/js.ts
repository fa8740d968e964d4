import type { Node } from '@babel/types';
import { isFunction, walk, type FunctionNode } from '../js/ast.js';
import { memberPath } from '../js/names.js';

/**
 * "Where data comes from" inside one JS/TS function: Express/Koa/Fastify/Hono/Next.js request
 * data, NestJS `@Body()/@Query()/@Param()/@Headers()` parameters, cache reads and message
 * payloads. Variables declared or assigned from those (destructuring included, two hops) carry it.
 */
export interface JsTaint {
  sourceOf(node: Node | null | undefined): string | undefined;
}

/** Member paths that hold client data, with the request object's usual names. */
const REQUEST_DATA = /^(?:(?:req|request|ctx\.request|c\.req|event|context\.req)\.(?:body|query|params|headers|cookies|files|file|rawBody|searchParams|param|url|originalUrl|nextUrl)|ctx\.(?:query|params|headers|cookies|querystring))(?:\.|$)/;
/** Calls on the request that return client data (`await req.json()`, `c.req.json()`). */
const REQUEST_CALLS = /^(?:req|request|c\.req|ctx\.request)\.(?:json|text|formData|arrayBuffer|blob|param|query|header|body)$/;
const NEST_DATA_DECORATORS = new Set(['Body', 'Query', 'Param', 'Headers', 'Req', 'Request', 'UploadedFile', 'UploadedFiles']);
const CACHE_READS = /(?:^|\.)(?:redis|cache|client|redisClient|kv)\.(?:get|hget|hGet|hgetall|hGetAll|mget|lpop|rpop|lPop|rPop|blpop|brpop|getdel|getDel)$/;
const MESSAGE_DATA = /^(?:msg|message|record|payload|job)\.(?:content|value|data|body|payload)(?:\.|$)/;

export function jsTaint(fn: FunctionNode | undefined, options: { handler?: boolean; serverAction?: boolean } = {}): JsTaint {
  const tainted = new Map<string, string>();
  const requestNames = new Set<string>();

  if (fn) {
    fn.params.forEach((param, index) => {
      const decorators = (param as { decorators?: { expression: Node }[] }).decorators ?? [];
      for (const d of decorators) {
        const callee = d.expression.type === 'CallExpression' ? d.expression.callee : d.expression;
        const name = memberPath(callee)?.split('.').pop();
        const id = paramIdentifier(param);
        if (name && NEST_DATA_DECORATORS.has(name) && id) tainted.set(id, `@${name}() ${id}`);
      }
      // A Next.js server action is called by the browser: every argument is client data.
      if (options.serverAction) for (const id of patternNames(param)) tainted.set(id, `server action argument ${id}`);
      // The first parameter of a handler is its request/context object, whatever its name.
      if (options.handler && index === 0) {
        const id = paramIdentifier(param);
        if (id) requestNames.add(id);
      }
    });
  }

  const requestPath = (path: string): string => {
    const head = path.split('.')[0];
    return requestNames.has(head) && !/^(?:req|request|ctx|c)$/.test(head) ? `req${path.slice(head.length)}` : path;
  };

  const sourceOf = (node: Node | null | undefined): string | undefined => {
    if (!node) return undefined;
    let found: string | undefined;
    walk(node, (n, ancestors) => {
      if (found) return false;
      if (n.type === 'StringLiteral' || n.type === 'NumericLiteral') return false;
      if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') {
        const path = memberPath(n);
        if (path && (REQUEST_DATA.test(requestPath(path)) || MESSAGE_DATA.test(path))) {
          found = path;
          return false;
        }
        // `ids.length` is a number whatever `ids` holds.
        if (!n.computed && n.property.type === 'Identifier' && n.property.name === 'length') return false;
        // `SORTABLE[req.query.sort]`: the value comes from the app's own table; only the key is the client's.
        if (n.computed && n.property.type !== 'StringLiteral' && n.property.type !== 'NumericLiteral') {
          found = sourceOf(n.object);
          return false;
        }
      }
      // `ids.map(() => '?')`, `ids.map((_, i) => `$${i + 1}`)`: one placeholder per item, none of its value.
      if ((n.type === 'CallExpression' || n.type === 'OptionalCallExpression') && ignoresItems(n)) return false;
      if (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') {
        const callee = memberPath(n.callee);
        if (callee && (REQUEST_CALLS.test(requestPath(callee)) || CACHE_READS.test(callee))) {
          found = `${callee}()`;
          return false;
        }
      }
      if (n.type === 'Identifier') {
        const parent = ancestors[ancestors.length - 1];
        const isPropertyName = parent && (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === n && !parent.computed;
        const isKey = parent && parent.type === 'ObjectProperty' && parent.key === n && !parent.computed && !parent.shorthand;
        if (!isPropertyName && !isKey && tainted.has(n.name)) found = tainted.get(n.name);
      }
      return undefined;
    });
    return found;
  };

  if (fn) {
    for (let pass = 0; pass < 2; pass++) {
      walk(fn.body, (n) => {
        if (n !== fn && isFunction(n) && n.type !== 'ArrowFunctionExpression') return false;
        let target: Node | undefined;
        let value: Node | null | undefined;
        if (n.type === 'VariableDeclarator') {
          target = n.id;
          value = n.init;
        } else if (n.type === 'AssignmentExpression') {
          target = n.left;
          value = n.right;
        }
        if (target && value) {
          const source = sourceOf(value);
          if (source) for (const id of patternNames(target)) if (!tainted.has(id)) tainted.set(id, source);
        }
        return undefined;
      });
    }
  }
  return { sourceOf };
}

function paramIdentifier(param: Node): string | undefined {
  if (param.type === 'Identifier') return param.name;
  if (param.type === 'AssignmentPattern' && param.left.type === 'Identifier') return param.left.name;
  if (param.type === 'TSParameterProperty' && param.parameter.type === 'Identifier') return param.parameter.name;
  return undefined;
}

/** Names bound by a destructuring pattern (`{ a, b: { c } }`, `[x, y]`). */
export function patternNames(node: Node): string[] {
  switch (node.type) {
    case 'Identifier':
      return [node.name];
    case 'ObjectPattern':
      return node.properties.flatMap((p) => (p.type === 'RestElement' ? patternNames(p.argument) : patternNames(p.value as Node)));
    case 'ArrayPattern':
      return node.elements.flatMap((e) => (e ? patternNames(e) : []));
    case 'AssignmentPattern':
      return patternNames(node.left);
    case 'RestElement':
      return patternNames(node.argument);
    default:
      return [];
  }
}

/** `xs.map(cb)` / `xs.fill(v)` whose result does not contain the items of `xs` (the callback never reads its item). */
export function ignoresItems(call: Extract<Node, { type: 'CallExpression' | 'OptionalCallExpression' }>): boolean {
  const callee = call.callee;
  if ((callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') || callee.computed || callee.property.type !== 'Identifier') return false;
  if (callee.property.name !== 'map') return false;
  const cb = call.arguments[0];
  if (!cb || (cb.type !== 'ArrowFunctionExpression' && cb.type !== 'FunctionExpression')) return false;
  const item = cb.params[0];
  if (!item) return true;
  if (item.type !== 'Identifier') return false;
  let used = false;
  walk(cb.body, (n, ancestors) => {
    if (used) return false;
    if (n.type === 'Identifier' && n.name === item.name) {
      const parent = ancestors[ancestors.length - 1];
      const isProperty = parent && (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === n && !parent.computed;
      if (!isProperty) used = true;
    }
    return undefined;
  });
  return !used;
}

import type { Node } from '@babel/types';
import type { ParsedFile } from '../../engine/types.js';
import type { PyNode } from '../../parsers/python.js';
import { jsConstantsOf, jsImportsOf, pyImportsOf } from '../facts.js';
import { isFunction, resolveRelative, lastSegment as jsLast, lineOf as jsLine, columnOf as jsColumn, memberPath, staticString, topLevelStatements, walk as walkJs } from '../js/index.js';
import { callInfo, columnOf, dottedName, enclosingClass, enclosingFunction, lastSegment, lineOf, stringValue, walk as walkPy, type ImportMap } from '../python/index.js';

const SSE = 'text/event-stream';

/** An SSE response whose stream has no disconnect, abort or error handling. */
export interface UnhandledStream {
  line: number;
  column: number;
  /** The handler or generator that streams. */
  fn: string;
  /** Set when the stream is opened by a module-level helper: handlers in other modules may handle it. */
  helper?: string;
}

// ---------------------------------------------------------------- Python

// sse-starlette's `EventSourceResponse` is not here: it watches for the client's disconnect itself
// and cancels the generator, so a bare generator behind it is handled.
const STREAMING = new Set(['StreamingResponse', 'StreamingHttpResponse', 'Response']);

/**
 * FastAPI/Starlette `StreamingResponse`, Flask `Response(gen())` and Django
 * `StreamingHttpResponse` with `text/event-stream`, whose generator neither checks
 * `request.is_disconnected()` nor has try/except/finally; aiohttp SSE handlers without try.
 */
export function pyUnhandledStreams(file: ParsedFile<'python'>): UnhandledStream[] {
  const imports = pyImportsOf(file);
  const out: UnhandledStream[] = [];
  walkPy(file.model.root, (node) => {
    if (node.type !== 'call') return undefined;
    const call = callInfo(node, imports);
    const short = lastSegment(call.name) ?? '';
    const fn = enclosingFunction(node);
    if (!fn) return undefined;
    // aiohttp: `web.StreamResponse(headers={"Content-Type": "text/event-stream"})` / `sse_response(request)`.
    if ((short === 'StreamResponse' && mentionsSse(node)) || call.name === 'aiohttp_sse.sse_response') {
      if (!pyHandles(fn)) out.push({ line: lineOf(node), column: columnOf(node), fn: fn.childForFieldName('name')?.text ?? '' });
      return undefined;
    }
    if (!STREAMING.has(short)) return undefined;
    if (!mentionsSse(node)) return undefined;
    const source = call.args[0] ?? call.kwargs.get('content') ?? call.kwargs.get('streaming_content') ?? call.kwargs.get('response');
    const generator = source ? resolveGenerator(source, fn, imports) : undefined;
    if (generator === undefined) return undefined;
    if (generator === 'inline' || !pyHandles(generator)) {
      const name = generator === 'inline' ? (fn.childForFieldName('name')?.text ?? '') : (generator.childForFieldName('name')?.text ?? '');
      out.push({ line: lineOf(node), column: columnOf(node), fn: name });
    }
    return undefined;
  });
  return out;
}

/** Whether the call's keyword arguments say `text/event-stream` (media_type, mimetype, content_type, headers). */
function mentionsSse(call: PyNode): boolean {
  let found = false;
  walkPy(call.childForFieldName('arguments') ?? call, (n) => {
    if (n.type === 'string' && stringValue(n)?.toLowerCase().startsWith(SSE)) found = true;
    return undefined;
  });
  return found;
}

/** The generator function behind a response's first argument; 'inline' for a generator expression. */
function resolveGenerator(source: PyNode, handler: PyNode, imports: ImportMap, depth = 0): PyNode | 'inline' | undefined {
  if (depth > 3) return undefined;
  if (source.type === 'generator_expression') return 'inline';
  if (source.type === 'call') {
    const callee = dottedName(source.childForFieldName('function'));
    const info = callInfo(source, imports);
    if (lastSegment(info.name) === 'stream_with_context' && info.args[0]) return resolveGenerator(info.args[0], handler, imports, depth + 1);
    if (!callee) return undefined;
    return findFunction(callee, handler);
  }
  if (source.type === 'identifier') {
    // `gen = event_stream(request)` earlier in the handler, or a generator function passed uncalled.
    let assigned: PyNode | undefined;
    walkPy(handler, (n) => {
      if (n.type === 'assignment' && n.childForFieldName('left')?.text === source.text) assigned = n.childForFieldName('right') ?? undefined;
      return undefined;
    });
    if (assigned) return resolveGenerator(assigned, handler, imports, depth + 1);
    return findFunction(source.text, handler);
  }
  return undefined;
}

function findFunction(name: string, handler: PyNode): PyNode | undefined {
  const local = name.startsWith('self.') ? name.slice(5) : name;
  const scopes: PyNode[] = [];
  if (name.startsWith('self.')) {
    const cls = enclosingClass(handler);
    if (cls) scopes.push(cls);
  } else {
    scopes.push(handler);
    let root: PyNode = handler;
    while (root.parent) root = root.parent;
    scopes.push(root);
  }
  for (const scope of scopes) {
    let found: PyNode | undefined;
    walkPy(scope, (n) => {
      if (found) return false;
      if (n.type === 'function_definition' && n.childForFieldName('name')?.text === local) found = n;
      return undefined;
    });
    if (found) return found;
  }
  return undefined;
}

/** try/except/finally, `is_disconnected()`, or catching CancelledError/GeneratorExit. */
function pyHandles(fn: PyNode): boolean {
  let handled = false;
  walkPy(fn, (n) => {
    if (handled) return false;
    if (n.type === 'try_statement' && n.namedChildren.some((c) => c?.type === 'except_clause' || c?.type === 'finally_clause' || c?.type === 'except_group_clause')) handled = true;
    if (n.type === 'call' && /(?:^|\.)is_disconnected$/.test(dottedName(n.childForFieldName('function')) ?? '')) handled = true;
    return undefined;
  });
  return handled;
}

// ---------------------------------------------------------------- JS/TS

const DISCONNECT_EVENTS = new Set(['close', 'aborted', 'abort', 'error']);
const LISTEN = new Set(['on', 'once', 'addEventListener', 'addListener']);
const STREAM_WRITES = /^(?:write|enqueue|pipe|pipeTo|writeSSE|send|flush)$/;

/**
 * Handlers that set `Content-Type: text/event-stream` (Express/Koa/Fastify/Node http, Next.js
 * `new Response(stream, { headers })`) with no `close`/`aborted` listener, no abort signal, no
 * `cancel()` on the stream and no try/catch around the writes.
 */
export function jsUnhandledStreams(file: ParsedFile<'js'>): UnhandledStream[] {
  const constants = jsConstantsOf(file);
  const out: UnhandledStream[] = [];
  const program = file.model.ast.program;
  const topFunctions = new Map<Node, string>();
  for (const s of topLevelStatements(program)) {
    if (s.type === 'FunctionDeclaration' && s.id) topFunctions.set(s, s.id.name);
    if (s.type === 'VariableDeclaration') for (const d of s.declarations) if (d.id.type === 'Identifier' && isFunction(d.init)) topFunctions.set(d.init!, d.id.name);
  }
  const seen = new Set<Node>();
  walkJs(file.model.ast, (node, ancestors) => {
    if (node.type !== 'StringLiteral' && node.type !== 'TemplateLiteral') return undefined;
    // Where the literal sits first (a few type checks), its value only then.
    if (!CONTENT_TYPE_PARENTS.has(ancestors[ancestors.length - 1]?.type)) return undefined;
    const value = staticString(node, constants);
    if (!value || !SSE_PREFIX.test(value) || !setsContentType(node, ancestors)) return undefined;
    const outerIndex = ancestors.findIndex((a) => isFunction(a));
    if (outerIndex < 0) return undefined;
    const outer = ancestors[outerIndex];
    if (seen.has(outer)) return undefined;
    seen.add(outer);
    if (jsHandles(outer)) return undefined;
    // A helper that only sets SSE headers: the handlers that call it may hold the handling.
    const helper = topFunctions.get(outer);
    if (helper && callersHandle(program, helper)) return undefined;
    out.push({ line: jsLine(node), column: jsColumn(node), fn: helper ?? functionLabel(outer, ancestors[outerIndex - 1]), ...(helper ? { helper } : {}) });
    return undefined;
  });
  return out;
}

/** The parents `setsContentType` accepts. */
const CONTENT_TYPE_PARENTS = new Set<string | undefined>(['ObjectProperty', 'CallExpression', 'AssignmentExpression']);
/** `value.toLowerCase().startsWith(SSE)`, without a copy: no other letter lower-cases to one of these ASCII letters. */
const SSE_PREFIX = /^text\/event-stream/i;

/** The literal is a Content-Type value: a `content-type` key, `setHeader('Content-Type', …)`, `res.type(…)`, `ctx.type = …`. */
function setsContentType(node: Node, ancestors: readonly Node[]): boolean {
  const parent = ancestors[ancestors.length - 1];
  if (!parent) return false;
  if (parent.type === 'ObjectProperty' && parent.value === node) {
    const key = parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'StringLiteral' ? parent.key.value : '';
    return /^content-?type$/i.test(key);
  }
  if (parent.type === 'CallExpression' && parent.arguments.includes(node as never)) {
    const method = jsLast(memberPath(parent.callee)) ?? '';
    if (method === 'type' || method === 'contentType') return true;
    const i = parent.arguments.indexOf(node as never);
    const key = i > 0 ? parent.arguments[i - 1] : undefined;
    return /^(?:setHeader|set|header|append|writeHead)$/.test(method) && key?.type === 'StringLiteral' && /^content-type$/i.test(key.value);
  }
  if (parent.type === 'AssignmentExpression' && parent.right === node) return /(?:^|\.)type$/.test(memberPath(parent.left) ?? '');
  return false;
}

function jsHandles(fn: Node): boolean {
  let handled = false;
  walkJs(fn, (n) => {
    if (handled) return false;
    if (n.type === 'CallExpression') {
      const method = jsLast(memberPath(n.callee)) ?? '';
      const event = n.arguments[0]?.type === 'StringLiteral' ? n.arguments[0].value : '';
      if (LISTEN.has(method) && DISCONNECT_EVENTS.has(event)) handled = true;
      if (/^on(?:Abort|Close|Error|Disconnect)$/.test(method) || method === 'pipeline') handled = true;
    }
    if (n.type === 'NewExpression' && memberPath(n.callee) === 'AbortController') handled = true;
    if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && /^(?:signal|aborted|destroyed|writableEnded|closed)$/.test(n.property.name)) handled = true;
    if ((n.type === 'ObjectMethod' || n.type === 'ObjectProperty') && n.key.type === 'Identifier' && n.key.name === 'cancel') handled = true;
    if (n.type === 'TryStatement' && (n.handler || n.finalizer) && writesInside(n.block)) handled = true;
    return undefined;
  });
  return handled;
}

function writesInside(block: Node): boolean {
  let writes = false;
  walkJs(block, (n) => {
    if (n.type === 'CallExpression' && STREAM_WRITES.test(jsLast(memberPath(n.callee)) ?? '')) writes = true;
    if (n.type === 'YieldExpression') writes = true;
    return undefined;
  });
  return writes;
}

function callersHandle(program: Node, helper: string): boolean {
  let handled = false;
  for (const s of topLevelStatements(program)) {
    walkJs(s, (n) => {
      if (handled || !isFunction(n)) return undefined;
      let calls = false;
      walkJs(n, (c) => {
        if (c.type === 'CallExpression' && c.callee.type === 'Identifier' && c.callee.name === helper) calls = true;
        return undefined;
      });
      if (calls && jsHandles(n)) handled = true;
      return undefined;
    });
  }
  return handled;
}

function functionLabel(fn: Node, parent: Node | undefined): string {
  if ((fn.type === 'ClassMethod' || fn.type === 'ObjectMethod') && fn.key.type === 'Identifier') return fn.key.name;
  if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id.name;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'CallExpression') {
    const callee = memberPath(parent.callee);
    const path = parent.arguments[0]?.type === 'StringLiteral' ? parent.arguments[0].value : '';
    if (callee) return path ? `${callee}('${path}')` : callee;
  }
  return '(handler)';
}

/**
 * Imported functions (`src/lib/sse.js#openEventStream`) that are called from a function which
 * itself handles disconnects: an SSE helper in another module is then covered by its caller.
 */
export function jsHandlingCallsOf(file: ParsedFile<'js'>, has: (path: string) => boolean): string[] {
  const imports = jsImportsOf(file);
  // Only calls to names imported from a relative path are kept.
  let relative = false;
  for (const binding of imports.values()) if (binding.source.startsWith('.')) relative = true;
  if (!relative) return [];
  const out = new Set<string>();
  const paths = new Map<string, string | undefined>();
  // The outermost function being read, and the targets its calls name: whether it handles
  // disconnects is asked only when it calls some (the answer is the same walk either way).
  let outer: Node | undefined;
  let outerDepth = 0;
  let targets: string[] = [];
  const close = () => {
    if (targets.length && jsHandles(outer!)) for (const target of targets) out.add(target);
    targets = [];
    outer = undefined;
  };
  walkJs(file.model.ast, (node, ancestors) => {
    if (outer && ancestors.length <= outerDepth) close();
    if (!outer) {
      if (isFunction(node)) {
        outer = node;
        outerDepth = ancestors.length;
      }
      return undefined;
    }
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return undefined;
    const name = node.callee.name;
    const binding = imports.get(name);
    if (!binding?.source.startsWith('.')) return undefined;
    let path = paths.get(binding.source);
    if (!paths.has(binding.source)) paths.set(binding.source, (path = resolveRelative(file.path, binding.source, has)));
    if (path) targets.push(`${path}#${binding.imported === '*' || binding.imported === 'default' ? name : binding.imported}`);
    return undefined;
  });
  if (outer) close();
  return [...out];
}

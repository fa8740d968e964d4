import type { Node } from '@babel/types';
import type { Inventory } from '../engine/inventory.js';
import type { ParsedFile } from '../engine/types.js';
import { isTestPath } from '../io/paths.js';
import type { PyNode } from '../parsers/python.js';
import { jsConstantsOf } from './facts.js';
import { isFunction, lineOf as jsLine, walk as jsWalk } from './js/ast.js';
import type { JsRoute } from './js/routes.js';
import { lineOf as pyLine, walk as pyWalk } from './python/ast.js';
import type { PyRoute } from './python/routes.js';
import { stringValue } from './python/values.js';
import { RouteCollector, type AppRoute } from './routes.js';
import { Memo } from './memo.js';

/**
 * Server-Sent Events in application code: which routes stream `text/event-stream`, on which full
 * paths, and whether the app itself tells nginx not to buffer them (`X-Accel-Buffering: no`).
 * Reasoning is over string literals and calls in the AST (comments and docstrings never count).
 */

const SSE_TYPE = 'text/event-stream';
/** Response classes that are SSE by construction. `EventSourceResponse` (sse-starlette) also sends
 * `X-Accel-Buffering: no` and a ping every 15 s on its own. */
const SSE_CLASSES = new Map<string, { accel: boolean; pings: boolean }>([
  ['EventSourceResponse', { accel: true, pings: true }],
  ['sse_response', { accel: false, pings: false }],
]);

/**
 * Whether a file may hold an SSE site, an `X-Accel-Buffering` string or an SSE helper. Sound: every
 * match needs `text/event-stream` or `x-accel-buffering` (any case) in a string, or the name
 * `EventSourceResponse` / `sse_response` / `Sse` written as is — unless a backslash escape
 * (`\/`, `\x2f`, `\u…`, a line continuation) or a JSX character entity spells part of it, so any such
 * escape (other than `\n`, `\t`, `\r`, quotes and `\\`) or entity sends the file to the full scan.
 */
function mayHoldSse(text: string): boolean {
  return MARKERS.test(text) || text.includes('EventSourceResponse') || text.includes('sse_response') || text.includes('Sse') || ESCAPE_OR_ENTITY.test(text);
}
const MARKERS = /text\/event-stream|x-accel-buffering/i;
// Case-sensitive: `\N` yields `N` (a marker letter once lowercased); only `\n` yields a newline.
const ESCAPE_OR_ENTITY = /\\[^ntr"'\\]|&(?:#|[a-zA-Z]+;)/;

export interface SseFacts {
  /** The handler (or a helper it calls) streams SSE. */
  sse: boolean;
  sseLine?: number;
  /** The handler (or a helper it calls) sends `X-Accel-Buffering: no`. */
  accel: boolean;
  /** The response sends keep-alive pings by itself. */
  pings: boolean;
  /** Plain names the handler calls, to follow helpers declared in other files. */
  calls: string[];
}

export interface SseRoute {
  route: AppRoute;
  /** Line of the SSE response in the route's file (the handler's, or the route's when via a helper). */
  line: number;
  accel: boolean;
  pings: boolean;
}

export interface SseApp {
  routes: SseRoute[];
  /** SSE responses found outside any recognised route handler. */
  orphanSites: { file: string; line: number }[];
  /** `X-Accel-Buffering: no` set outside route handlers (a helper, a middleware): applies app-wide. */
  accelOutsideHandlers: { file: string; line: number }[];
}

interface FileSse {
  /** Top-level helpers that stream SSE or send the header, by name. */
  helpers: Map<string, { sse: boolean; accel: boolean; pings: boolean }>;
  sseSites: number[];
  accelSites: number[];
  handlerRanges: [number, number][];
}

// ---------------------------------------------------------------------------------------------
// Python

function pyIsDocstring(node: PyNode): boolean {
  return node.parent?.type === 'expression_statement' && node.parent.namedChildCount === 1;
}

function pyCallName(call: PyNode): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text;
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

/** `"X-Accel-Buffering": "no"`, `headers["X-Accel-Buffering"] = "no"`, `setdefault("X-Accel-Buffering", "no")`. */
function pyAccelValue(key: PyNode): string | undefined {
  const parent = key.parent;
  if (!parent) return undefined;
  if (parent.type === 'pair' && parent.childForFieldName('key')?.id === key.id) return stringValue(parent.childForFieldName('value'));
  if (parent.type === 'argument_list' || parent.type === 'tuple' || parent.type === 'list') {
    return stringValue(key.nextNamedSibling);
  }
  if (parent.type === 'subscript' && parent.parent?.type === 'assignment' && parent.parent.childForFieldName('left')?.id === parent.id) {
    return stringValue(parent.parent.childForFieldName('right'));
  }
  return undefined;
}

interface ScanResult {
  sse: number[];
  accel: number[];
  pings: boolean;
  accelByClass: boolean;
  calls: Set<string>;
  names: Set<string>;
}

/** `full` false (the file cannot hold SSE, see `mayHoldSse`): collect call names and names only. */
function scanPython(root: PyNode, full = true): ScanResult {
  const out: ScanResult = { sse: [], accel: [], pings: false, accelByClass: false, calls: new Set(), names: new Set() };
  pyWalk(root, (node) => {
    const type = node.type;
    if (type === 'string' && !pyIsDocstring(node)) {
      if (!full) return false;
      const value = stringValue(node)?.toLowerCase();
      if (value?.includes(SSE_TYPE)) out.sse.push(pyLine(node));
      if (value === 'x-accel-buffering' && pyAccelValue(node)?.toLowerCase() === 'no') out.accel.push(pyLine(node));
      return false;
    }
    if (type === 'call') {
      const name = pyCallName(node);
      if (name) {
        out.calls.add(name);
        const known = full ? SSE_CLASSES.get(name) : undefined;
        if (known) {
          out.sse.push(pyLine(node));
          if (known.pings) out.pings = true;
          if (known.accel) out.accelByClass = true;
        }
      }
    }
    if (type === 'identifier') out.names.add(node.text);
    return undefined;
  });
  return out;
}

function pythonFileSse(root: PyNode, handlers: PyNode[]): FileSse {
  const helpers = new Map<string, { sse: boolean; accel: boolean; pings: boolean }>();
  for (const child of root.namedChildren) {
    const def = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (!def || (def.type !== 'function_definition' && def.type !== 'class_definition')) continue;
    const name = def.childForFieldName('name')?.text;
    if (!name) continue;
    const scan = scanPython(def);
    if (scan.sse.length || scan.accel.length || scan.accelByClass) {
      helpers.set(name, { sse: scan.sse.length > 0, accel: scan.accel.length > 0 || scan.accelByClass, pings: scan.pings });
    }
    // `SSE_HEADERS = {...}` module constants are helpers too (referenced by name).
  }
  for (const child of root.namedChildren) {
    const assignment = child?.type === 'expression_statement' ? child.namedChild(0) : undefined;
    if (assignment?.type !== 'assignment') continue;
    const name = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (name?.type !== 'identifier' || !right) continue;
    const scan = scanPython(right);
    if (scan.sse.length || scan.accel.length) helpers.set(name.text, { sse: scan.sse.length > 0, accel: scan.accel.length > 0, pings: false });
  }
  const whole = scanPython(root);
  return {
    helpers,
    sseSites: whole.sse,
    accelSites: whole.accel,
    handlerRanges: handlers.map((h) => [h.startPosition.row + 1, h.endPosition.row + 1]),
  };
}

// ---------------------------------------------------------------------------------------------
// JS / TS

function jsStringValue(node: Node): string | undefined {
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `{'X-Accel-Buffering': 'no'}`, `res.setHeader('X-Accel-Buffering', 'no')`, `headers['X-Accel-Buffering'] = 'no'`. */
function jsAccelValue(key: Node, ancestors: readonly Node[]): string | undefined {
  const parent = ancestors[ancestors.length - 1];
  if (!parent) return undefined;
  if (parent.type === 'ObjectProperty' && parent.key === key) return jsStringValue(parent.value);
  if (parent.type === 'CallExpression' || parent.type === 'NewExpression' || parent.type === 'ArrayExpression') {
    const list = (parent.type === 'ArrayExpression' ? parent.elements : parent.arguments) as (Node | null)[];
    const next = list[list.indexOf(key) + 1];
    return next ? jsStringValue(next) : undefined;
  }
  if (parent.type === 'MemberExpression' && parent.property === key) {
    const assign = ancestors[ancestors.length - 2];
    if (assign?.type === 'AssignmentExpression' && assign.left === parent) return jsStringValue(assign.right);
  }
  return undefined;
}

function jsCallName(call: Node): string | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const callee = call.callee;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') return callee.property.name;
  return undefined;
}

/** `full` false (the file cannot hold SSE, see `mayHoldSse`): collect call names and names only. */
function scanJs(root: Node, full = true): ScanResult {
  const out: ScanResult = { sse: [], accel: [], pings: false, accelByClass: false, calls: new Set(), names: new Set() };
  jsWalk(root, (node, ancestors) => {
    const raw = jsStringValue(node);
    if (raw !== undefined) {
      if (!full) return false;
      const value = raw.toLowerCase();
      if (value.includes(SSE_TYPE)) out.sse.push(jsLine(node));
      if (value === 'x-accel-buffering' && jsAccelValue(node, ancestors)?.toLowerCase() === 'no') out.accel.push(jsLine(node));
      return false;
    }
    // NestJS `@Sse('events')`: the framework sends text/event-stream.
    if (full && node.type === 'Decorator') {
      const expr = node.expression;
      const callee = expr.type === 'CallExpression' ? expr.callee : expr;
      if (callee.type === 'Identifier' && callee.name === 'Sse') out.sse.push(jsLine(node));
    }
    const name = jsCallName(node);
    if (name) out.calls.add(name);
    if (node.type === 'Identifier') out.names.add(node.name);
    return undefined;
  });
  return out;
}

function jsFileSse(file: ParsedFile<'js'>, handlers: Node[]): FileSse {
  const helpers = new Map<string, { sse: boolean; accel: boolean; pings: boolean }>();
  const consider = (name: string | undefined, node: Node | null | undefined) => {
    if (!name || !node) return;
    const scan = scanJs(node);
    if (scan.sse.length || scan.accel.length) helpers.set(name, { sse: scan.sse.length > 0, accel: scan.accel.length > 0, pings: false });
  };
  for (const [name, node] of jsConstantsOf(file)) consider(name, node);
  jsWalk(file.model.ast, (node, ancestors) => {
    if (node.type === 'FunctionDeclaration') consider(node.id?.name, node);
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && isFunction(node.init)) consider(node.id.name, node.init);
    // Only module-level declarations are helpers; do not descend into functions.
    return ancestors.length < 3 || !isFunction(node) ? undefined : false;
  });
  const whole = scanJs(file.model.ast);
  return {
    helpers,
    sseSites: whole.sse,
    accelSites: whole.accel,
    handlerRanges: handlers.map((h) => [h.loc?.start.line ?? 0, h.loc?.end.line ?? 0]),
  };
}

// ---------------------------------------------------------------------------------------------
// across files

function inRanges(line: number, ranges: [number, number][]): boolean {
  return ranges.some(([a, b]) => line >= a && line <= b);
}

/**
 * Collects SSE facts during the visit: call `.js(file)` / `.python(file)` from visitors and
 * `.resolve()` in `done()`.
 */
/** What a file holds, computed once per parsed file and shared by every collector (the nginx SSE rules). */
interface CachedFile {
  /** `mayHoldSse(file.text)`: false means no SSE site, header or helper can be in it. */
  full: boolean;
  facts: FileSse;
}
const fileCache = new Memo<object, CachedFile>();
const scanCache = new WeakMap<Inventory, boolean>();

/**
 * Whether any non-test JS/Python file of the scan may hold SSE (`mayHoldSse`). When none may, no
 * route streams, no helper exists and no header is set: the collector can skip every file.
 */
function scanMayHoldSse(inventory: Inventory): boolean {
  let known = scanCache.get(inventory);
  if (known === undefined) {
    known = inventory.files.some((f) => (f.kind === 'python' || f.kind === 'js') && !isTestPath(f.path) && mayHoldSse(inventory.text(f.path) ?? ''));
    scanCache.set(inventory, known);
  }
  return known;
}
/** Facts per route handler node (dies with its file's tree). */
const handlerCache = new Memo<object, SseFacts>();
const NO_SSE: FileSse = { helpers: new Map(), sseSites: [], accelSites: [], handlerRanges: [] };

/**
 * Collects SSE facts during the visit: call `.js(file)` / `.python(file)` from visitors and
 * `.resolve()` in `done()`.
 */
export class SseCollector {
  private readonly routes: RouteCollector;
  private readonly helpers = new Map<string, { sse: boolean; accel: boolean; pings: boolean }>();
  private readonly orphanSites: { file: string; line: number }[] = [];
  private readonly accelOutside: { file: string; line: number }[] = [];
  private handlers: (Node | PyNode)[] = [];
  /** Whether the file being visited may hold SSE (else handlers are scanned for names only). */
  private full = true;

  /** `scanMayHoldSse`, asked at the first visit: false means `resolve()` finds nothing, so visits are skipped. */
  private any?: boolean;

  constructor(private readonly inventory: Inventory) {
    this.routes = new RouteCollector(inventory, (route, file) => this.inspect(route, file));
  }

  private inspect(route: JsRoute | PyRoute, file: ParsedFile<'js'> | ParsedFile<'python'>): Record<string, unknown> {
    const handler = route.handler;
    if (!handler) return {};
    this.handlers.push(handler);
    let facts = handlerCache.get(handler);
    if (!facts) {
      const scan = file.kind === 'python' ? scanPython(handler as PyNode, this.full) : scanJs(handler as Node, this.full);
      facts = {
        sse: scan.sse.length > 0,
        sseLine: scan.sse[0],
        accel: scan.accel.length > 0 || scan.accelByClass,
        pings: scan.pings,
        calls: [...scan.calls, ...scan.names],
      };
      handlerCache.set(handler, facts);
    }
    return { sse: facts };
  }

  python(file: ParsedFile<'python'>): void {
    if (!(this.any ??= scanMayHoldSse(this.inventory)) || isTestPath(file.path)) return;
    this.handlers = [];
    const cached = fileCache.get(file.model);
    this.full = cached ? cached.full : mayHoldSse(file.text);
    this.routes.python(file);
    this.absorb(file.path, cached ? cached.facts : this.remember(file.model, this.full ? pythonFileSse(file.model.root, this.handlers as PyNode[]) : NO_SSE));
  }

  js(file: ParsedFile<'js'>): void {
    if (!(this.any ??= scanMayHoldSse(this.inventory)) || isTestPath(file.path)) return;
    this.handlers = [];
    const cached = fileCache.get(file.model);
    this.full = cached ? cached.full : mayHoldSse(file.text);
    this.routes.js(file);
    this.absorb(file.path, cached ? cached.facts : this.remember(file.model, this.full ? jsFileSse(file, this.handlers as Node[]) : NO_SSE));
  }

  private remember(model: object, facts: FileSse): FileSse {
    fileCache.set(model, { full: this.full, facts });
    return facts;
  }

  private absorb(path: string, facts: FileSse): void {
    for (const [name, helper] of facts.helpers) {
      const known = this.helpers.get(name);
      this.helpers.set(name, known ? { sse: known.sse || helper.sse, accel: known.accel || helper.accel, pings: known.pings || helper.pings } : helper);
    }
    for (const line of facts.sseSites) if (!inRanges(line, facts.handlerRanges)) this.orphanSites.push({ file: path, line });
    for (const line of facts.accelSites) if (!inRanges(line, facts.handlerRanges)) this.accelOutside.push({ file: path, line });
  }

  resolve(): SseApp {
    const routes: SseRoute[] = [];
    // Sites inside helpers are explained by the routes that call the helpers.
    const explained = new Set<string>();
    for (const route of this.routes.resolve()) {
      const facts = route.notes.sse as SseFacts | undefined;
      if (!facts) continue;
      let { sse, accel, pings } = facts;
      for (const name of facts.calls) {
        const helper = this.helpers.get(name);
        if (!helper) continue;
        sse ||= helper.sse;
        accel ||= helper.accel;
        pings ||= helper.pings;
        if (helper.sse) explained.add(name);
      }
      if (!sse) continue;
      routes.push({ route, line: facts.sseLine ?? route.line, accel, pings });
    }
    const orphanSites = routes.length ? [] : this.orphanSites;
    return { routes, orphanSites, accelOutsideHandlers: this.accelOutside };
  }
}

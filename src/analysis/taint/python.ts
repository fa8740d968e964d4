import type { PyNode } from '../../parsers/python.js';
import { dottedName, walk } from '../python/ast.js';
import { callInfo, lastSegment } from '../python/calls.js';
import type { ImportMap } from '../python/imports.js';

/**
 * "Where data comes from", inside one function: request bodies, query strings, headers, path
 * parameters and uploaded files; cache and queue reads; sockets and HTTP responses. Variables
 * assigned from those (two hops, in any order) carry the taint. Nothing crosses function
 * boundaries: a sink fed from a parameter of a plain helper is "unknown origin", not untrusted.
 */
export interface PyTaint {
  /** What untrusted source an expression carries (`request.json()`), or undefined. */
  sourceOf(node: PyNode | null | undefined): string | undefined;
}

/** Attributes of a request object that hold client data (FastAPI/Starlette, Flask, Django, DRF, aiohttp). */
const REQUEST_DATA = new Set([
  'json', 'get_json', 'body', 'form', 'args', 'values', 'data', 'files', 'query_params', 'path_params',
  'headers', 'cookies', 'GET', 'POST', 'FILES', 'COOKIES', 'META', 'query', 'match_info', 'post',
  'text', 'read', 'content', 'stream', 'get_data', 'query_string', 'raw_body',
]);

/** Names a request object goes by when no annotation says so. */
const REQUEST_NAMES = /^(?:request|req|self\.request)$/;
/** Parameter annotations that are request objects (their members are client data). */
const REQUEST_TYPES = /^(?:Request|HttpRequest|WebSocket|BaseRequest|web\.Request|HTTPConnection|Rest\w*Request)$/;
/** Parameter annotations FastAPI/Django validate into values that cannot carry a payload. */
const SAFE_TYPES = /^(?:int|float|bool|UUID|uuid\.UUID|datetime|date|Decimal|Session|AsyncSession|BackgroundTasks|Response|Depends|Optional\[(?:int|float|bool)\])$/;

const NETWORK_CALLS = /^(?:requests|httpx|urllib\.request|urllib3|aiohttp)\.|\.(?:recv|recvfrom|recv_into|receive_text|receive_bytes|receive_json|receive)$/;
const CACHE_READS = new Set(['get', 'hget', 'hgetall', 'mget', 'lpop', 'rpop', 'blpop', 'brpop', 'lrange', 'getdel', 'getex', 'lindex', 'xread', 'xreadgroup']);
const CACHE_OBJECTS = /(?:^|\.|_)(?:redis|cache|r|rds|rdb|redis_client|cache_client|aioredis)$/i;
const MESSAGE_OBJECTS = /(?:^|\.)(?:msg|message|record|delivery|body_msg|consumer_record)$/i;
const MESSAGE_FIELDS = new Set(['body', 'value', 'payload', 'data', 'content']);

/** Conversions whose result cannot carry an injection payload (numbers, shell-quoted text). */
const SANITIZERS = /^(?:int|float|bool|len|abs|round|uuid\.UUID|shlex\.quote|shlex\.join|pipes\.quote)$/;

export interface PyTaintOptions {
  /** The function is a request handler (route-decorated or a Django view): its data parameters are client input. */
  handler?: boolean;
}

export function pyTaint(fn: PyNode | undefined, imports: ImportMap, options: PyTaintOptions = {}): PyTaint {
  const tainted = new Map<string, string>();
  const requestObjects = new Set<string>();
  for (const [local, target] of imports) if (target === 'flask.request' || target === 'quart.request' || target === 'sanic.request') requestObjects.add(local);

  if (fn) {
    const params = fn.childForFieldName('parameters')?.namedChildren ?? [];
    params.forEach((param, index) => {
      if (!param) return;
      const name = paramName(param);
      if (!name || name === 'self' || name === 'cls') return;
      const annotation = param.childForFieldName('type')?.text.replace(/\s+/g, '');
      const defaultValue = param.childForFieldName('value');
      const lastType = annotation?.split('.').pop();
      if ((annotation && REQUEST_TYPES.test(annotation)) || (lastType && REQUEST_TYPES.test(lastType)) || (!annotation && REQUEST_NAMES.test(name))) {
        requestObjects.add(name);
        return;
      }
      if (!options.handler) return;
      if (defaultValue?.type === 'call' && /(?:^|\.)(?:Depends|Security)$/.test(dottedName(defaultValue.childForFieldName('function')) ?? '')) return;
      if (annotation && SAFE_TYPES.test(annotation)) return;
      // Django views: the first parameter is the request (handled above); the rest are URL parts.
      if (index === 0 && name === 'request') return;
      tainted.set(name, name);
    });
  }

  const sourceOf = (node: PyNode | null | undefined): string | undefined => {
    if (!node) return undefined;
    let found: string | undefined;
    walk(node, (n) => {
      if (found) return false;
      // Strings, comments and lambdas' own parameters carry nothing.
      if (n.type === 'comment' || (n.type === 'string' && !n.namedChildren.some((c) => c?.type === 'interpolation'))) return false;
      if (n.type === 'identifier') {
        const hit = tainted.get(n.text);
        if (hit && !isAttributeName(n) && !isKeywordName(n)) found = hit;
        return undefined;
      }
      if (n.type === 'attribute') {
        const hit = attributeSource(n);
        if (hit) {
          found = hit;
          return false;
        }
        return undefined;
      }
      if (n.type === 'call') {
        // `int(x)`, `shlex.quote(x)`: what comes out can no longer carry a payload.
        if (SANITIZERS.test(callInfo(n, imports).name ?? '')) return false;
        const hit = callSource(n);
        if (hit) {
          found = hit;
          return false;
        }
      }
      return undefined;
    });
    return found;
  };

  const attributeSource = (n: PyNode): string | undefined => {
    const object = n.childForFieldName('object');
    const attr = n.childForFieldName('attribute')?.text ?? '';
    const objectName = dottedName(object);
    if (objectName && (requestObjects.has(objectName) || REQUEST_NAMES.test(objectName)) && REQUEST_DATA.has(attr)) return `${objectName}.${attr}`;
    if (objectName && MESSAGE_OBJECTS.test(objectName) && MESSAGE_FIELDS.has(attr)) return `${objectName}.${attr}`;
    return undefined;
  };

  const callSource = (n: PyNode): string | undefined => {
    const call = callInfo(n, imports);
    const name = call.name ?? '';
    if (NETWORK_CALLS.test(name)) return `${call.written}()`;
    const fnNode = n.childForFieldName('function');
    if (fnNode?.type === 'attribute') {
      const method = fnNode.childForFieldName('attribute')?.text ?? '';
      const receiver = dottedName(fnNode.childForFieldName('object'));
      if (receiver && CACHE_READS.has(method) && CACHE_OBJECTS.test(receiver)) return `${receiver}.${method}()`;
      if (receiver && (requestObjects.has(receiver) || REQUEST_NAMES.test(receiver)) && REQUEST_DATA.has(method)) return `${receiver}.${method}()`;
    }
    if (name === 'input' || lastSegment(name) === 'urlopen') return `${call.written}()`;
    return undefined;
  };

  if (fn) {
    const body = fn.childForFieldName('body');
    // Two passes: `data = await request.json()` then `blob = data["x"]`, in either order.
    for (let pass = 0; pass < 2 && body; pass++) {
      walk(body, (n) => {
        if (n.type === 'function_definition' || n.type === 'class_definition') return false;
        let targets: PyNode | null | undefined;
        let value: PyNode | null | undefined;
        if (n.type === 'assignment' || n.type === 'augmented_assignment') {
          targets = n.childForFieldName('left');
          value = n.childForFieldName('right');
        } else if (n.type === 'named_expression') {
          targets = n.childForFieldName('name');
          value = n.childForFieldName('value');
        } else if (n.type === 'for_statement') {
          targets = n.childForFieldName('left');
          value = n.childForFieldName('right');
        } else if (n.type === 'as_pattern') {
          targets = n.childForFieldName('alias');
          value = n.namedChild(0);
        }
        if (targets && value) {
          const source = sourceOf(value);
          if (source) for (const id of identifiersIn(targets)) if (!tainted.has(id)) tainted.set(id, source);
        }
        return undefined;
      });
    }
  }
  return { sourceOf };
}

function paramName(param: PyNode): string | undefined {
  if (param.type === 'identifier') return param.text;
  const named = param.childForFieldName('name');
  if (named) return named.text;
  const first = param.namedChild(0);
  return first?.type === 'identifier' ? first.text : undefined;
}

function identifiersIn(node: PyNode): string[] {
  if (node.type === 'identifier') return [node.text];
  if (node.type === 'attribute' || node.type === 'subscript') return [];
  const out: string[] = [];
  for (const c of node.namedChildren) if (c) out.push(...identifiersIn(c));
  return out;
}

function isAttributeName(n: PyNode): boolean {
  const p = n.parent;
  return p?.type === 'attribute' && p.childForFieldName('attribute')?.id === n.id;
}

function isKeywordName(n: PyNode): boolean {
  const p = n.parent;
  return p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === n.id;
}

/** Whether an expression is built only from literals and module constants (no runtime input). */
export function pyIsConstant(node: PyNode | null | undefined, constants: ReadonlySet<string>): boolean {
  if (!node) return true;
  let constant = true;
  walk(node, (n) => {
    if (!constant) return false;
    if (n.type === 'identifier') {
      if (!constants.has(n.text) && !isAttributeName(n)) constant = false;
      return undefined;
    }
    if (n.type === 'call' || n.type === 'subscript' && !constants.has(dottedName(n.childForFieldName('value')) ?? '')) {
      constant = false;
      return false;
    }
    return undefined;
  });
  return constant;
}

/** Module-level names bound to literals (UPPER_CASE or not): `TABLE = "users"`. */
export function pyLiteralConstants(root: PyNode): Set<string> {
  const out = new Set<string>();
  for (const statement of root.namedChildren) {
    if (statement?.type !== 'expression_statement') continue;
    const a = statement.namedChild(0);
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type === 'identifier' && right && (right.type === 'string' && !right.namedChildren.some((c) => c?.type === 'interpolation') || right.type === 'integer' || right.type === 'float')) out.add(left.text);
  }
  return out;
}


import type { ParsedFile } from '../../engine/types.js';
import type { PyNode, PythonModel } from '../../parsers/python.js';
import { pyImportsOf } from '../facts.js';
import { callInfo, calleeNameOf, columnOf, decoratorsOf, dottedName, enclosingClass, enclosingFunction, lastSegment, lineOf, literalValue, underMainGuard, walk, type ImportMap } from '../python/index.js';
import { PERSISTENT_ATTRIBUTE, PY_PERSISTENCE, type ClassFact, type ContainerFact, type ContainerKind, type StateFacts } from './containers.js';
import { Memo } from '../memo.js';

const GROWTH_METHODS = new Set(['append', 'extend', 'insert', 'appendleft', 'extendleft', 'add', 'update', 'setdefault', 'put', 'put_nowait']);
const REMOVAL_METHODS = new Set(['pop', 'popleft', 'popitem', 'remove', 'discard']);
const INIT_METHODS = new Set(['__init__', '__post_init__', 'setup', 'init', 'initialize', 'startup', '__new__']);
const QUEUES = /^(?:asyncio\.(?:Queue|PriorityQueue|LifoQueue)|queue\.(?:Queue|PriorityQueue|LifoQueue|SimpleQueue)|multiprocessing\.Queue|asyncio\.queues\.Queue)$/;

const cache = new Memo<PythonModel, StateFacts>();

/** Long-lived containers of a Python module, how they grow and whether anything bounds them. */
export function pyStateFacts(file: ParsedFile<'python'>): StateFacts {
  let facts = cache.get(file.model);
  if (!facts) {
    facts = extract(file.model.root, file.text, pyImportsOf(file), file.text.includes('global'));
    cache.set(file.model, facts);
  }
  return facts;
}

interface Draft extends ContainerFact {
  capCheck: boolean;
  cleared: boolean;
  trimmed: boolean;
  removal: boolean;
  declaredBounded: boolean;
}

/** `mayDeclareGlobal`: the module spells `global` (no `global` statement can exist otherwise). */
function extract(root: PyNode, text: string, imports: ImportMap, mayDeclareGlobal: boolean): StateFacts {
  const drafts = new Map<string, Draft>();
  /** Names of the containers that have an owner (class and instance containers). */
  const ownedNames = new Set<string>();
  const classes = new Map<string, ClassFact>();
  const instantiated = new Set<string>();
  const locals = new Map<number, Set<string>>();
  let persistence = false;
  for (const target of imports.values()) if (PY_PERSISTENCE.test(target)) persistence = true;

  // Pass 1: declarations, classes, long-lived instances.
  walk(root, (node) => {
    if (node.type === 'class_definition') {
      const name = node.childForFieldName('name')?.text ?? '';
      classes.set(name, { name, line: lineOf(node), longLived: false, persistence: false });
    }
    if (node.type === 'assignment') declaration(node);
    if (node.type === 'call') longLivedInstance(node);
    return undefined;
  });

  // Pass 2: every use of a declared container inside a function or method. With no container and
  // no class it can find nothing (every lookup below is into `drafts` or `classes`).
  if (drafts.size || classes.size) walk(root, (node) => {
    if (node.type === 'attribute' && node.parent?.type !== 'attribute') {
      const attr = node.childForFieldName('attribute')?.text ?? '';
      const cls = PERSISTENT_ATTRIBUTE.test(attr) && /^(?:self|cls)\./.test(node.text) ? enclosingClass(node) : undefined;
      if (cls) {
        const fact = classes.get(cls.childForFieldName('name')?.text ?? '');
        if (fact) fact.persistence = true;
      }
    }
    if (node.type === 'identifier' && node.text === '_instance') {
      const cls = enclosingClass(node);
      const fact = cls && classes.get(cls.childForFieldName('name')?.text ?? '');
      if (fact) fact.longLived = true;
    }
    const draft = refAt(node);
    if (draft) use(node, draft);
    return undefined;
  });

  const containers: ContainerFact[] = [];
  for (const d of drafts.values()) {
    const arrayLike = d.kind === 'list' || d.kind === 'deque' || d.kind === 'queue';
    const bounded = d.declaredBounded || d.capCheck || d.cleared || d.trimmed || (!arrayLike && d.removal);
    const { capCheck: _c, cleared: _cl, trimmed: _t, removal: _r, declaredBounded: _d, ...plain } = d;
    containers.push({ ...plain, bounded });
  }
  return { containers, classes: [...classes.values()], instantiated: [...instantiated], persistence };

  // Where the assignment is first (module, class body, `self.x` in an init method): most are in
  // function bodies, and only these three places make a container, so the right side's kind (a
  // qualified callee name) is read for them alone.
  function declaration(node: PyNode) {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    const rightType = right.type;
    // containerKind() answers only for these.
    if (rightType !== 'list' && rightType !== 'dictionary' && rightType !== 'call') return;
    const statement = node.parent;
    const block = statement?.parent;
    if (left.type === 'identifier' && block?.type === 'module') {
      const kind = containerKind(right);
      if (kind) add(left.text, undefined, 'module', node, right, kind);
    } else if (left.type === 'identifier' && block?.type === 'block' && block.parent?.type === 'class_definition') {
      const kind = containerKind(right);
      if (kind) add(left.text, block.parent.childForFieldName('name')?.text, 'class', node, right, kind);
    } else if (left.type === 'attribute' && left.childForFieldName('object')?.text === 'self') {
      const fn = enclosingFunction(node);
      const cls = fn && enclosingClass(fn);
      const fnName = fn?.childForFieldName('name')?.text ?? '';
      const kind = cls && INIT_METHODS.has(fnName) ? containerKind(right) : undefined;
      if (kind) add(left.childForFieldName('attribute')!.text, cls!.childForFieldName('name')?.text, 'instance', node, right, kind);
    }
  }

  function add(name: string, owner: string | undefined, scope: ContainerFact['scope'], node: PyNode, right: PyNode, kind: ContainerKind) {
    const key = owner ? `${owner}.${name}` : name;
    if (drafts.has(key)) return;
    if (owner) ownedNames.add(name);
    drafts.set(key, {
      name, owner, scope, kind, line: lineOf(node), column: columnOf(node), growthCount: 0, bounded: false,
      capCheck: false, cleared: false, trimmed: false, removal: false, declaredBounded: declaredBounded(right, kind),
    });
  }

  function containerKind(node: PyNode): ContainerKind | undefined {
    if (node.type === 'list') return 'list';
    if (node.type === 'dictionary') return 'dict';
    if (node.type !== 'call') return undefined;
    const name = calleeNameOf(node, imports) ?? '';
    if (name === 'list') return 'list';
    if (name === 'dict' || name === 'collections.defaultdict' || name === 'collections.OrderedDict' || name === 'collections.Counter' || name === 'typing.OrderedDict') return 'dict';
    if (name === 'set') return 'set';
    if (name === 'collections.deque') return 'deque';
    if (QUEUES.test(name)) return 'queue';
    return undefined;
  }

  function declaredBounded(node: PyNode, kind: ContainerKind): boolean {
    if (node.type !== 'call') return false;
    const call = callInfo(node, imports);
    if (kind === 'deque') {
      const maxlen = call.kwargs.get('maxlen') ?? call.args[1];
      return !!maxlen && maxlen.type !== 'none';
    }
    if (kind === 'queue') {
      const maxsize = call.kwargs.get('maxsize') ?? call.args[0];
      if (!maxsize) return false;
      const value = literalValue(maxsize);
      return typeof value === 'number' ? value > 0 : value !== null;
    }
    return false;
  }

  /** Instances that live as long as the process: module-level, `app.state.x = X()`, `@lru_cache` factories, `global` singletons. */
  function longLivedInstance(node: PyNode) {
    const callee = node.childForFieldName('function');
    // The class name is the callee's last segment: its first letter is read in the source before
    // any name is built.
    const last = callee?.type === 'identifier' ? callee : callee?.type === 'attribute' ? callee.childForFieldName('attribute') : undefined;
    if (!last || last.endIndex === last.startIndex || !isCapital(text.charCodeAt(last.startIndex))) return;
    const cls = lastSegment(dottedName(callee));
    if (!cls) return;
    const fn = enclosingFunction(node);
    if (!fn) {
      if (!enclosingClass(node) && !underMainGuard(node)) instantiated.add(cls);
      return;
    }
    const assignment = node.parent?.type === 'assignment' ? node.parent : undefined;
    const target = assignment?.childForFieldName('left');
    if (target && /\.state\.\w+$/.test(target.text)) instantiated.add(cls);
    if (mayDeclareGlobal && target?.type === 'identifier' && declaresGlobal(fn, target.text)) instantiated.add(cls);
    if (node.parent?.type !== 'return_statement') return;
    const cached = decoratorsOf(fn).some((d) => /^(?:functools\.)?(?:lru_cache|cache)$/.test(dottedName(d.type === 'call' ? d.childForFieldName('function') : d) ?? ''));
    if (cached) instantiated.add(cls);
  }

  /** The container a node names, if it is `x` (module), `self.x`/`cls.x`/`Owner.x` (class). */
  function refAt(node: PyNode): Draft | undefined {
    if (node.type === 'identifier') {
      const d = drafts.get(node.text);
      if (!d || d.scope !== 'module') return undefined;
      if (node.parent?.type === 'attribute' && node.parent.childForFieldName('attribute')?.id === node.id) return undefined;
      if (node.parent?.type === 'keyword_argument' && node.parent.childForFieldName('name')?.id === node.id) return undefined;
      const fn = enclosingFunction(node);
      if (fn && localsOf(fn).has(node.text)) return undefined;
      return d;
    }
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object')?.text;
      const attr = node.childForFieldName('attribute')?.text;
      // Both lookups below end in `.${attr}`: only a class or instance container of that name can match.
      if (!attr || !ownedNames.has(attr)) return undefined;
      const cls = enclosingClass(node);
      const clsName = cls?.childForFieldName('name')?.text;
      if (!attr || !clsName) {
        return object && attr ? drafts.get(`${object}.${attr}`) : undefined;
      }
      if (object === 'self' || object === 'cls' || object === clsName) return drafts.get(`${clsName}.${attr}`);
    }
    return undefined;
  }

  function use(ref: PyNode, d: Draft) {
    const fn = enclosingFunction(ref);
    const parent = ref.parent;
    if (!parent) return;
    // len(x) compared with a bound.
    if (parent.type === 'argument_list' && parent.parent?.type === 'call' && parent.parent.childForFieldName('function')?.text === 'len') {
      const comparison = parent.parent.parent;
      if (comparison?.type === 'comparison_operator' && comparison.namedChildren.some((c) => c && c.id !== parent.parent!.id && literalValue(c) !== 0)) d.capCheck = true;
      return;
    }
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === ref.id) {
      const method = parent.childForFieldName('attribute')?.text ?? '';
      const isCall = parent.parent?.type === 'call';
      if (!isCall) return;
      if (method === 'clear') d.cleared = true;
      else if (REMOVAL_METHODS.has(method)) d.removal = true;
      else if (method === 'full') d.capCheck = true;
      else if (GROWTH_METHODS.has(method)) grow(ref, d, fn);
      return;
    }
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === ref.id) {
      const grand = parent.parent;
      const isSlice = parent.namedChildren.some((c) => c?.type === 'slice');
      if (grand?.type === 'assignment' && grand.childForFieldName('left')?.id === parent.id) {
        if (isSlice) d.trimmed = true;
        else if (d.kind !== 'list') grow(ref, d, fn);
      } else if (grand?.type === 'delete_statement' || grand?.parent?.type === 'delete_statement') {
        if (isSlice) d.trimmed = true;
        else d.removal = true;
      } else if (grand?.type === 'attribute' && grand.parent?.type === 'call' && GROWTH_METHODS.has(grand.childForFieldName('attribute')?.text ?? '')) {
        grow(ref, d, fn);
      } else if (grand?.type === 'augmented_assignment' && grand.childForFieldName('left')?.id === parent.id) {
        grow(ref, d, fn);
      }
      return;
    }
    if (parent.type === 'augmented_assignment' && parent.childForFieldName('left')?.id === ref.id) {
      grow(ref, d, fn);
      return;
    }
    if (parent.type === 'assignment' && parent.childForFieldName('left')?.id === ref.id && fn) {
      const fnName = fn.childForFieldName('name')?.text ?? '';
      // A reassignment outside construction flushes or trims the container.
      if (!(d.scope === 'instance' && INIT_METHODS.has(fnName)) && lineOf(parent) !== d.line) d.trimmed = true;
    }
  }

  function grow(ref: PyNode, d: Draft, fn: PyNode | undefined) {
    if (!fn || underMainGuard(ref) || loadedOnce(ref, fn)) return;
    const fnName = fn.childForFieldName('name')?.text ?? '';
    if (d.scope === 'instance' && INIT_METHODS.has(fnName)) return;
    d.growthCount++;
    d.growth ??= { line: lineOf(ref), column: columnOf(ref), fn: fnName };
    if (memoGuarded(ref, fn)) d.memoized = true;
  }

  function localsOf(fn: PyNode): Set<string> {
    let set = locals.get(fn.id);
    if (set) return set;
    set = new Set();
    const globals = new Set<string>();
    const body = fn.childForFieldName('body');
    const params = fn.childForFieldName('parameters');
    for (const p of params?.namedChildren ?? []) {
      const name = p?.type === 'identifier' ? p.text : p?.childForFieldName('name')?.text ?? p?.namedChild(0)?.text;
      if (name) set.add(name);
    }
    if (body) {
      walk(body, (n) => {
        if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') return false;
        if (n.type === 'global_statement' || n.type === 'nonlocal_statement') for (const id of n.namedChildren) if (id) globals.add(id.text);
        if (n.type === 'assignment' || n.type === 'for_statement') {
          const left = n.childForFieldName('left');
          if (left?.type === 'identifier') set!.add(left.text);
          if (left?.type === 'pattern_list' || left?.type === 'tuple_pattern') for (const id of left.namedChildren) if (id?.type === 'identifier') set!.add(id.text);
        }
        return undefined;
      });
    }
    for (const g of globals) set.delete(g);
    locals.set(fn.id, set);
    return set;
  }
}

function isCapital(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** Filled only while empty: `if not _config: _config.update(load())` loads once, it does not grow. */
function loadedOnce(ref: PyNode, fn: PyNode): boolean {
  for (let p = ref.parent; p && p.id !== fn.id; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const condition = p.childForFieldName('condition');
    if (condition?.type === 'not_operator' && condition.childForFieldName('argument')?.text === ref.text) return true;
    if (condition?.type === 'comparison_operator' && condition.text.replace(/\s+/g, '') === `len(${ref.text})==0`) return true;
  }
  return false;
}

/** Under `if key not in <container>:`. */
function memoGuarded(ref: PyNode, fn: PyNode): boolean {
  for (let p = ref.parent; p && p.id !== fn.id; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const condition = p.childForFieldName('condition');
    if (condition?.type === 'comparison_operator' && /\bnot\s+in\b/.test(condition.text) && condition.namedChildren[condition.namedChildren.length - 1]?.text === ref.text) return true;
  }
  return false;
}

function declaresGlobal(fn: PyNode, name: string): boolean {
  let found = false;
  const body = fn.childForFieldName('body');
  if (!body) return false;
  walk(body, (n) => {
    if (n.type === 'function_definition') return false;
    if (n.type === 'global_statement' && n.namedChildren.some((c) => c?.text === name)) found = true;
    return undefined;
  });
  return found;
}

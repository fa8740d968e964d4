import type { PyNode } from '../../parsers/python.js';
import { columnOf, dottedName, enclosingClass, lineOf, walk } from '../python/ast.js';
import { qualify, type ImportMap } from '../python/imports.js';
import { stringValue } from '../python/values.js';

/** An environment variable read in Python: `os.environ["X"]`, `os.getenv("X", "d")`. */
export interface PyEnvRead {
  name: string;
  line: number;
  column: number;
  /** `os.environ["X"]`: raises KeyError when unset. */
  subscript: boolean;
  hasDefault: boolean;
  /** The default when it is a string literal; `null` for `None`. */
  defaultValue?: string | null;
  defaultLine?: number;
  /** The name the read is assigned to (`JWT_SECRET = os.getenv(...)`), if any. */
  target?: string;
}

/** A string literal bound to a name: assignment, class field, keyword argument, dict key, `config["X"] = …`. */
export interface PyLiteral {
  name: string;
  value: string;
  line: number;
  column: number;
  /** Where the binding is: `SECRET_KEY = …` at module level, a class field, a call keyword… */
  form: 'assignment' | 'field' | 'keyword' | 'pair' | 'subscript';
  /** For keywords: the called function as written. */
  callee?: string;
  /** For class fields: the class's bases as written (`BaseSettings`). */
  classBases?: string;
}

const ENV_GETTERS = new Set(['os.getenv', 'os.environ.get', 'os.environ.setdefault']);

function isEnviron(node: PyNode | null, imports: ImportMap): boolean {
  return qualify(dottedName(node), imports) === 'os.environ';
}

function targetOf(node: PyNode): string | undefined {
  let p = node.parent;
  while (p && (p.type === 'parenthesized_expression' || p.type === 'boolean_operator' || p.type === 'call' || p.type === 'argument_list')) p = p.parent;
  if (p?.type !== 'assignment') return undefined;
  const left = p.childForFieldName('left');
  return dottedName(left)?.split('.').pop() ?? undefined;
}

export function pyEnvReads(root: PyNode, imports: ImportMap): PyEnvRead[] {
  const reads: PyEnvRead[] = [];
  walk(root, (node) => {
    if (node.type === 'subscript' && isEnviron(node.childForFieldName('value'), imports)) {
      const name = stringValue(node.childForFieldName('subscript'));
      if (name) reads.push({ name, line: lineOf(node), column: columnOf(node), subscript: true, hasDefault: false, target: targetOf(node) });
      return;
    }
    if (node.type !== 'call') return;
    const callee = qualify(dottedName(node.childForFieldName('function')), imports);
    if (!callee || !ENV_GETTERS.has(callee)) return;
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is PyNode => !!a && a.type !== 'comment');
    const name = stringValue(args[0]);
    if (!name) return;
    const defaultNode = args[1]?.type === 'keyword_argument' ? args[1].childForFieldName('value') : (args[1] ?? args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'default')?.childForFieldName('value'));
    const defaultValue = defaultNode ? (defaultNode.type === 'none' ? null : stringValue(defaultNode)) : undefined;
    reads.push({
      name,
      line: lineOf(node),
      column: columnOf(node),
      subscript: false,
      hasDefault: !!defaultNode && defaultNode.type !== 'none',
      defaultValue,
      defaultLine: defaultNode ? lineOf(defaultNode) : undefined,
      target: targetOf(node),
    });
  });
  return reads;
}

export function pyNamedLiterals(root: PyNode): PyLiteral[] {
  const out: PyLiteral[] = [];
  const push = (name: string | undefined, valueNode: PyNode | null, form: PyLiteral['form'], extra: Partial<PyLiteral> = {}) => {
    if (!name || !valueNode) return;
    const value = stringValue(valueNode);
    if (value === undefined) return;
    out.push({ name, value, line: lineOf(valueNode), column: columnOf(valueNode) + 1, form, ...extra });
  };
  walk(root, (node) => {
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return;
      if (left.type === 'subscript') {
        push(stringValue(left.childForFieldName('subscript')), right, 'subscript');
        return;
      }
      const name = dottedName(left)?.split('.').pop();
      const cls = node.childForFieldName('type') ? enclosingClass(node) : undefined;
      if (cls) push(name, right, 'field', { classBases: cls.childForFieldName('superclasses')?.text ?? '' });
      else push(name, right, 'assignment');
    } else if (node.type === 'keyword_argument') {
      const call = node.parent?.parent;
      push(node.childForFieldName('name')?.text, node.childForFieldName('value'), 'keyword', {
        callee: call?.type === 'call' ? dottedName(call.childForFieldName('function')) : undefined,
      });
    } else if (node.type === 'pair') {
      push(stringValue(node.childForFieldName('key')), node.childForFieldName('value'), 'pair');
    }
  });
  return out;
}

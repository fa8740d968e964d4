import type { PyNode } from '../../parsers/python.js';
import { dottedName } from './ast.js';
import { qualify, type ImportMap } from './imports.js';
import { Memo } from '../memo.js';

export interface PyCall {
  node: PyNode;
  /** The callee as written: `pk.loads`, `self.client.get`, `open`. */
  written?: string;
  /** With imports resolved: `pickle.loads`. Same as `written` when nothing was imported. */
  name?: string;
  args: PyNode[];
  kwargs: Map<string, PyNode>;
  /** `*args` / `**kwargs` present: arguments may hide anything. */
  hasSplat: boolean;
}

/** Calls already read, per import map: a dozen rules read the same calls of a file. */
const readCalls = new Memo<ImportMap, Memo<PyNode, PyCall>>();

/** A call node's callee name (resolved through imports) and its arguments. Shared: do not mutate. */
export function callInfo(node: PyNode, imports: ImportMap): PyCall {
  let calls = readCalls.get(imports);
  if (!calls) readCalls.set(imports, (calls = new Memo()));
  let call = calls.get(node);
  if (!call) calls.set(node, (call = readCall(node, imports)));
  return call;
}

function readCall(node: PyNode, imports: ImportMap): PyCall {
  const fn = node.childForFieldName('function');
  const written = dottedName(fn);
  const args: PyNode[] = [];
  const kwargs = new Map<string, PyNode>();
  let hasSplat = false;
  const argList = node.childForFieldName('arguments');
  for (const arg of argList?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) kwargs.set(name, value);
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
      hasSplat = true;
    } else {
      args.push(arg);
    }
  }
  return { node, written, name: qualify(written, imports), args, kwargs, hasSplat };
}

/** `callInfo(node, imports).name` without reading the arguments: for code that needs only the callee. */
export function calleeNameOf(node: PyNode, imports: ImportMap): string | undefined {
  return qualify(dottedName(node.childForFieldName('function')), imports);
}

/** The callee as written and resolved (`callInfo`'s `written` and `name`), without the arguments. */
export function calleeOf(node: PyNode, imports: ImportMap): { written?: string; name?: string } {
  const written = dottedName(node.childForFieldName('function'));
  return { written, name: qualify(written, imports) };
}

/** The last segment of a dotted name: `self.r.get` → `get`. */
export function lastSegment(name: string | undefined): string | undefined {
  return name?.slice(name.lastIndexOf('.') + 1);
}

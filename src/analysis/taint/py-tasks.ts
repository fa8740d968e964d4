import type { PyNode } from '../../parsers/python.js';
import { decoratorsOf, dottedName } from '../python/ast.js';
import { lastSegment, type PyCall } from '../python/calls.js';
import { absoluteModule, moduleNameOf, qualify, type ImportMap } from '../python/imports.js';
import { literalValue } from '../python/values.js';
import type { PyTaint } from './python.js';

/**
 * Background tasks (Celery, Dramatiq, Huey, RQ) take their arguments from whoever enqueues them:
 * a view that calls `render.delay(request.data["t"])` hands request data to the task. Taint does
 * not cross functions, so rules record the two ends as plain facts and join them in `done()`.
 */
const TASK_DECORATOR = /(?:^|\.)(?:shared_task|task|db_task|actor|job)$/;

/** A task function: its module-qualified key and positional parameters (without `self`). */
export interface PyTask {
  key: string;
  params: string[];
}

export function pyTaskOf(fn: PyNode | undefined, path: string): PyTask | undefined {
  if (!fn) return undefined;
  const decorator = decoratorsOf(fn).find((d) => TASK_DECORATOR.test(dottedName(d.type === 'call' ? d.childForFieldName('function') : d) ?? ''));
  if (!decorator) return undefined;
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? [])
    .map((p) => (p?.type === 'identifier' ? p.text : p?.childForFieldName('name')?.text ?? (p?.namedChild(0)?.type === 'identifier' ? p.namedChild(0)!.text : undefined)))
    .filter((p): p is string => !!p);
  const bound = decorator.type === 'call' && /\bbind\s*=\s*True\b/.test(decorator.text);
  if ((bound || params[0] === 'self') && params.length) params.shift();
  return { key: `${moduleNameOf(path)}.${fn.childForFieldName('name')?.text ?? ''}`, params };
}

/** `task.delay(x)`, `task.apply_async(args=[x])`, `actor.send(x)`, `queue.enqueue(task, x)` with request data in an argument. */
export interface PyEnqueue {
  /** The task as a qualified name (`orders.tasks.render_invoice`). */
  task: string;
  /** Untrusted sources by parameter position or keyword name. */
  sources: Map<number | string, string>;
  written: string;
}

export function pyEnqueueOf(call: PyCall, taint: PyTaint, imports: ImportMap, path: string): PyEnqueue | undefined {
  const written = call.written ?? '';
  const method = lastSegment(written);
  let taskName: string | undefined;
  let positional: PyNode[] = [];
  let keywords = new Map<string, PyNode>();
  if (method === 'delay' || method === 'send') {
    taskName = written.slice(0, -method.length - 1);
    positional = call.args;
    keywords = call.kwargs;
  } else if (method === 'apply_async') {
    taskName = written.slice(0, -method.length - 1);
    const args = call.kwargs.get('args') ?? call.args[0];
    positional = args?.type === 'list' || args?.type === 'tuple' ? args.namedChildren.filter((n): n is PyNode => !!n) : [];
    const kw = call.kwargs.get('kwargs') ?? call.args[1];
    for (const pair of kw?.type === 'dictionary' ? kw.namedChildren : []) {
      const key = literalValue(pair?.childForFieldName('key'));
      const value = pair?.childForFieldName('value');
      if (typeof key === 'string' && value) keywords.set(key, value);
    }
  } else if (method === 'enqueue' && call.args[0]) {
    taskName = dottedName(call.args[0]);
    positional = call.args.slice(1);
    keywords = call.kwargs;
  }
  if (!taskName) return undefined;
  const sources = new Map<number | string, string>();
  positional.forEach((arg, i) => {
    const s = taint.sourceOf(arg);
    if (s) sources.set(i, s);
  });
  for (const [k, v] of keywords) {
    const s = taint.sourceOf(v);
    if (s) sources.set(k, s);
  }
  if (!sources.size) return undefined;
  const q = qualify(taskName, imports) ?? taskName;
  return { task: q.startsWith('.') ? absoluteModule(q, path) : q.includes('.') ? q : `${moduleNameOf(path)}.${q}`, sources, written };
}

/** The request data an enqueue hands to one of the task's parameters, if any. */
export function enqueuedSource(task: PyTask, param: string, enqueues: readonly PyEnqueue[]): { source: string; via: string } | undefined {
  const index = task.params.indexOf(param);
  for (const e of enqueues) {
    if (!(e.task === task.key || task.key.endsWith(`.${e.task}`) || e.task.endsWith(`.${task.key}`))) continue;
    const source = e.sources.get(param) ?? (index >= 0 ? e.sources.get(index) : undefined);
    if (source) return { source, via: `${e.written}()` };
  }
  return undefined;
}

import type { PyNode } from '../../parsers/python.js';
import { lastSegment } from '../python/calls.js';
import type { ImportMap } from '../python/imports.js';

/**
 * Cheap looks at a Python call's callee, to decide whether a call is worth `callInfo` (which reads
 * every argument and is kept on the node): most calls of a module are not.
 */

/**
 * The last segment of the callee as written: `lastSegment(callInfo(call).written)` whenever that
 * is defined (it is undefined when the callee is no dotted name, e.g. `f().x`: check after).
 */
export function writtenLast(call: PyNode): string | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
}

/**
 * The last segment `callInfo(call).name` has whenever it is defined: `qualify` keeps the last
 * segment of a dotted name and replaces a bare imported name by its target.
 */
export function qualifiedLast(call: PyNode, imports: ImportMap): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  if (fn?.type !== 'identifier') return undefined;
  const target = imports.get(fn.text);
  return target ? lastSegment(target) : fn.text;
}

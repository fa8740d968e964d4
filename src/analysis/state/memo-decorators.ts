import type { ParsedFile } from '../../engine/types.js';
import { pyImportsOf } from '../facts.js';
import { callInfo, columnOf, decoratorsOf, descendantsOfType, enclosingClass, enclosingFunction, lineOf, literalValue, qualify, dottedName } from '../python/index.js';

export interface MemoDecorator {
  line: number;
  column: number;
  /** The decorated function. */
  fn: string;
  /** `functools.cache` / `lru_cache(maxsize=None)` on a function that takes arguments. */
  unbounded: boolean;
  /** On an instance method: the cache keys hold `self`, so instances are never freed. */
  onMethod: boolean;
  decorator: string;
}

/** `@functools.cache` / `@lru_cache` uses that keep entries forever. */
export function memoDecorators(file: ParsedFile<'python'>): MemoDecorator[] {
  const out: MemoDecorator[] = [];
  // Sound: `cache`/`lru_cache`, the callee's last segment, is spelled at the decorator or in its import.
  if (!file.text.includes('cache')) return out;
  const imports = pyImportsOf(file);
  for (const fn of descendantsOfType(file.model.root, 'function_definition')) {
    for (const d of decoratorsOf(fn)) {
      const isCall = d.type === 'call';
      const name = qualify(dottedName(isCall ? d.childForFieldName('function') : d), imports);
      if (name !== 'functools.cache' && name !== 'functools.lru_cache') continue;
      let unboundedSize = name === 'functools.cache';
      if (isCall && name === 'functools.lru_cache') {
        const call = callInfo(d, imports);
        const maxsize = call.kwargs.get('maxsize') ?? call.args[0];
        unboundedSize = !!maxsize && literalValue(maxsize) === null;
      }
      const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p && p.type !== 'comment').map((p) => (p!.type === 'identifier' ? p!.text : p!.namedChild(0)?.text ?? ''));
      const inClass = !!enclosingClass(fn) && enclosingFunction(fn) === undefined;
      const isStatic = decoratorsOf(fn).some((x) => /^(?:staticmethod|classmethod)$/.test(x.text));
      const onMethod = inClass && !isStatic && params[0] === 'self';
      const args = params.filter((p, i) => !(i === 0 && (p === 'self' || p === 'cls')));
      const unbounded = unboundedSize && args.length > 0;
      if (!unbounded && !onMethod) continue;
      out.push({ line: lineOf(d), column: columnOf(d), fn: fn.childForFieldName('name')?.text ?? '', unbounded, onMethod, decorator: d.text });
    }
  }
  return out;
}

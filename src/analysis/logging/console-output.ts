import type { ParsedFile } from '../../engine/types.js';
import { jsImportsOf, pyImportsOf } from '../facts.js';
import { columnOf as jsColumn, lineOf as jsLine, memberPath, walk as walkJs } from '../js/index.js';
import { callInfo, columnOf, lineOf, underMainGuard, walk as walkPy } from '../python/index.js';

export interface ConsoleOutput {
  /** The first call in the file. */
  line: number;
  column: number;
  call: string;
  count: number;
}

/** `print(...)` calls of a module, outside `if __name__ == "__main__":`. */
export function pyPrints(file: ParsedFile<'python'>): ConsoleOutput | undefined {
  // Sound: a match is a call written `print`.
  if (!file.text.includes('print')) return undefined;
  const imports = pyImportsOf(file);
  let first: ConsoleOutput | undefined;
  walkPy(file.model.root, (node) => {
    if (node.type !== 'call') return undefined;
    const call = callInfo(node, imports);
    // `from rich import print` and friends are a different function.
    if (call.written !== 'print' || call.name !== 'print' || underMainGuard(node)) return undefined;
    if (first) first.count++;
    else first = { line: lineOf(node), column: columnOf(node), call: 'print()', count: 1 };
    return undefined;
  });
  return first;
}

const CONSOLE = /^console\.(?:log|info|debug|warn|error|trace)$/;

/** `console.log|info|debug|warn|error|trace(...)` calls of a module (not a shadowed `console`). */
export function jsConsoleCalls(file: ParsedFile<'js'>): ConsoleOutput | undefined {
  if (jsImportsOf(file).has('console')) return undefined;
  // Sound: a match starts with the identifier `console`, written as is unless with a `\u` escape.
  if (!file.text.includes('console') && !file.text.includes('\\u')) return undefined;
  let first: ConsoleOutput | undefined;
  walkJs(file.model.ast, (node) => {
    if (node.type !== 'CallExpression') return undefined;
    const callee = memberPath(node.callee);
    if (!callee || !CONSOLE.test(callee)) return undefined;
    if (first) first.count++;
    else first = { line: jsLine(node), column: jsColumn(node), call: `${callee}()`, count: 1 };
    return undefined;
  });
  return first;
}

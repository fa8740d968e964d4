import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser } from 'web-tree-sitter';
import { buildTree, encodeTree, type EncodedTree, type GrammarNames, type PyNode } from './python-tree.js';
import { errorMessage, fail, ok, type ParseResult } from './result.js';

export type { PyNode } from './python-tree.js';

export interface PythonModel {
  root: PyNode;
}

let parserPromise: Promise<Parser> | undefined;

/** The grammar ships in dist/grammars at build; from sources (tests) it comes from node_modules. */
function grammarPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, '..', '..', 'grammars', 'tree-sitter-python.wasm');
  if (existsSync(built)) return built;
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm');
}

export function pythonParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const language = await Language.load(grammarPath());
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

export async function parsePython(text: string): Promise<ParseResult<PythonModel>> {
  const encoded = await encodePython(text);
  return encoded.ok ? pythonModel(encoded.value, text, await pythonGrammarNames()) : encoded;
}

/** The wasm half of parsing: tree-sitter's tree as flat arrays, the tree itself freed. */
export async function encodePython(text: string): Promise<ParseResult<EncodedTree>> {
  try {
    const parser = await pythonParser();
    const tree = parser.parse(text);
    if (!tree) return fail('the Python parser returned no tree');
    try {
      return ok(encodeTree(tree));
    } finally {
      tree.delete();
    }
  } catch (error) {
    return fail(errorMessage(error));
  }
}

export async function pythonGrammarNames(): Promise<GrammarNames> {
  const language = (await pythonParser()).language!;
  return { types: language.types, fields: language.fields };
}

/** The JS half of parsing: nodes from the flat arrays, with the first syntax error located. */
export function pythonModel(encoded: EncodedTree, text: string, names: GrammarNames): ParseResult<PythonModel> {
  try {
    const root = buildTree(encoded, text, names);
    // Tree-sitter recovers; the rules still see every well-formed statement.
    if (root.hasError) return { ok: true, value: { root }, recovered: { message: 'Python syntax error', line: firstErrorLine(root) } };
    return ok({ root });
  } catch (error) {
    return fail(errorMessage(error));
  }
}

function firstErrorLine(node: PyNode): number {
  const stack: PyNode[] = [node];
  while (stack.length) {
    const current = stack.pop()!;
    if (current.isError || current.isMissing) return current.startPosition.row + 1;
    if (!current.hasError) continue;
    for (let i = current.childCount - 1; i >= 0; i--) {
      const child = current.child(i);
      if (child) stack.push(child);
    }
  }
  return node.startPosition.row + 1;
}

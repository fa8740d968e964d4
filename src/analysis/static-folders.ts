import type { Node } from '@babel/types';
import type { PyNode } from '../parsers/python.js';
import { dirname, joinPath } from '../io/paths.js';
import { callInfo, dottedName, type ImportMap } from './python/index.js';
import { walk as pyWalk, lineOf as pyLine, columnOf as pyColumn } from './python/ast.js';
import { stringValue } from './python/values.js';
import { calleeName, walk as jsWalk, lineOf as jsLine, columnOf as jsColumn, objectProperty, type JsImports } from './js/index.js';

/**
 * Folders an app serves static files from (a built front end: `frontend/dist`, `client/build`),
 * with the path expression evaluated as far as it is static: `os.path.join(BASE_DIR, "frontend",
 * "dist")`, `Path(__file__).parent / "web" / "dist"`, `path.join(__dirname, '../client/build')`.
 */
export interface ServedFolder {
  /** Where the relative part starts: the source file's folder, the working directory, or unknown. */
  anchor: 'file' | 'cwd' | 'unknown';
  /** The static part, `/`-separated (`frontend/dist`, `../client/build`). */
  relative: string;
  /** The call that serves it, as written (`StaticFiles`, `express.static`). */
  via: string;
  line: number;
  column: number;
}

interface PathValue {
  anchor: 'file' | 'cwd' | 'unknown';
  relative: string;
}

const BUILD_SEGMENT = /(?:^|\/)(?:dist|build|out|\.output)(?:\/|$)/;

/** A path whose folder names say "build output". */
export function isBuildFolder(relative: string): boolean {
  return BUILD_SEGMENT.test(relative);
}

function append(base: PathValue, part: string): PathValue {
  return { anchor: base.anchor, relative: base.relative ? `${base.relative}/${part}` : part };
}

// ---------- Python ----------

const PY_SERVERS: Record<string, { kwarg?: string; positional?: number }> = {
  StaticFiles: { kwarg: 'directory', positional: 0 },
  send_from_directory: { kwarg: 'directory', positional: 0 },
  Flask: { kwarg: 'static_folder' },
  Quart: { kwarg: 'static_folder' },
  Jinja2Templates: { kwarg: 'directory', positional: 0 },
  SPAStaticFiles: { kwarg: 'directory', positional: 0 },
};

/** Whether `pyServedFolders` can find anything: each match is a call whose last segment, as written, is a `PY_SERVERS` name. */
export function mayServePyFolders(text: string): boolean {
  return /StaticFiles|send_from_directory|Flask|Quart|Jinja2Templates/.test(text);
}

export function pyServedFolders(root: PyNode, imports: ImportMap): ServedFolder[] {
  const constants = new Map<string, PyNode>();
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right) constants.set(left.text, right);
  }
  const out: ServedFolder[] = [];
  pyWalk(root, (node) => {
    if (node.type !== 'call') return;
    // The callee as written (`callInfo().written`) first: arguments only for a server call.
    const written = dottedName(node.childForFieldName('function'));
    const short = written?.slice(written.lastIndexOf('.') + 1);
    const spec = short ? PY_SERVERS[short] : undefined;
    if (!spec) return;
    const call = callInfo(node, imports);
    const arg = (spec.kwarg && call.kwargs.get(spec.kwarg)) || (spec.positional !== undefined ? call.args[spec.positional] : undefined);
    if (!arg) return;
    const value = pyPath(arg, constants, 0);
    if (!value) return;
    out.push({ ...value, via: short!, line: pyLine(arg), column: pyColumn(arg) });
  });
  return out;
}

function pyPath(node: PyNode, constants: Map<string, PyNode>, depth: number): PathValue | undefined {
  if (depth > 8) return undefined;
  const literal = stringValue(node);
  if (literal !== undefined) return literal.startsWith('/') ? undefined : { anchor: 'cwd', relative: literal.replace(/^\.\//, '') };
  if (node.type === 'identifier') {
    if (node.text === '__file__') return { anchor: 'file', relative: '' };
    const bound = constants.get(node.text);
    return bound ? pyPath(bound, constants, depth + 1) : { anchor: 'unknown', relative: '' };
  }
  if (node.type === 'parenthesized_expression') {
    const inner = node.namedChild(0);
    return inner ? pyPath(inner, constants, depth + 1) : undefined;
  }
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '/') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const base = left ? pyPath(left, constants, depth + 1) : undefined;
    const part = right ? stringValue(right) : undefined;
    return base && part !== undefined ? append(base, part) : undefined;
  }
  if (node.type === 'attribute') {
    // `Path(__file__).parent`, `….resolve().parent.parent`
    const attr = node.childForFieldName('attribute')?.text;
    const object = node.childForFieldName('object');
    if (attr === 'parent' && object) {
      const base = pyPath(object, constants, depth + 1);
      if (!base) return undefined;
      return base.anchor === 'file' && base.relative === '' && isFileExpression(object) ? base : append(base, '..');
    }
    return undefined;
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const name = fn?.text ?? '';
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is PyNode => !!a && a.type !== 'keyword_argument' && a.type !== 'comment');
    if (/(?:^|\.)(?:Path|PurePath|str|abspath|realpath|normpath|resolve|absolute)$/.test(name) || name.endsWith('.resolve')) {
      const target = args[0] ?? (fn?.type === 'attribute' ? fn.childForFieldName('object') : null);
      return target ? pyPath(target, constants, depth + 1) : undefined;
    }
    if (/(?:^|\.)dirname$/.test(name) && args[0]) {
      const base = pyPath(args[0], constants, depth + 1);
      if (!base) return undefined;
      return isFileExpression(args[0]) ? base : append(base, '..');
    }
    if (/(?:^|\.)(?:join|joinpath)$/.test(name)) {
      const parts = fn?.type === 'attribute' && name.endsWith('joinpath') ? [fn.childForFieldName('object')!, ...args] : args;
      if (!parts.length) return undefined;
      let value = pyPath(parts[0], constants, depth + 1);
      for (const part of parts.slice(1)) {
        const text = stringValue(part);
        if (!value || text === undefined) return undefined;
        value = append(value, text);
      }
      return value;
    }
  }
  return undefined;
}

/** `__file__` itself, or `Path(__file__)` / `os.path.abspath(__file__)`: the file, whose parent is its folder. */
function isFileExpression(node: PyNode): boolean {
  if (node.type === 'identifier') return node.text === '__file__';
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const first = node.childForFieldName('arguments')?.namedChild(0);
    if (fn?.type === 'attribute' && /^(?:resolve|absolute)$/.test(fn.childForFieldName('attribute')?.text ?? '')) {
      const object = fn.childForFieldName('object');
      return object ? isFileExpression(object) : false;
    }
    return first ? isFileExpression(first) : false;
  }
  return false;
}

// ---------- JavaScript / TypeScript ----------

type AnyNode = Node & Record<string, any>;

/**
 * Whether `jsServedFolders` can find anything: each match's callee (as written or an import source)
 * holds one of these names, written as is unless a backslash escape spells it.
 */
export function mayServeJsFolders(text: string): boolean {
  return /[sS]tatic|sirv|register|sendFile/.test(text) || text.includes('\\');
}

export function jsServedFolders(ast: Node, imports: JsImports, constants: Map<string, Node>): ServedFolder[] {
  const out: ServedFolder[] = [];
  const push = (arg: Node | undefined, via: string) => {
    if (!arg) return;
    const value = jsPath(arg as AnyNode, imports, constants, 0);
    if (value) out.push({ ...value, via, line: jsLine(arg), column: jsColumn(arg) });
  };
  jsWalk(ast, (node) => {
    if (node.type !== 'CallExpression') return;
    const call = node as AnyNode;
    const name = calleeName(node, imports) ?? '';
    const args = call.arguments as AnyNode[];
    if (name === 'express.static' || name === 'serve-static' || name === 'koa-static' || name === 'koa-static-cache' || name === 'sirv') {
      push(args[0], name);
    } else if (/\.register$/.test(name) && args[0]?.type === 'Identifier') {
      const plugin = imports.get(args[0].name)?.source;
      if (plugin === '@fastify/static' || plugin === 'fastify-static') push(objectProperty(args[1], 'root'), plugin);
    } else if (/ServeStaticModule\.forRoot$/.test(name)) {
      for (const option of args) push(objectProperty(option, 'rootPath'), 'ServeStaticModule');
    } else if (/\.sendFile$/.test(name) && args[0]) {
      const value = jsPath(args[0], imports, constants, 0);
      if (value && /\/index\.html$/.test(value.relative)) {
        out.push({ ...value, relative: value.relative.replace(/\/index\.html$/, ''), via: 'sendFile', line: jsLine(args[0]), column: jsColumn(args[0]) });
      }
    }
  });
  return out;
}

function jsPath(node: AnyNode, imports: JsImports, constants: Map<string, Node>, depth: number): PathValue | undefined {
  if (!node || depth > 8) return undefined;
  switch (node.type) {
    case 'StringLiteral':
      return node.value.startsWith('/') ? undefined : { anchor: 'cwd', relative: node.value.replace(/^\.\//, '') };
    case 'Identifier': {
      if (node.name === '__dirname') return { anchor: 'file', relative: '' };
      const bound = constants.get(node.name);
      return bound ? jsPath(bound as AnyNode, imports, constants, depth + 1) : { anchor: 'unknown', relative: '' };
    }
    case 'TemplateLiteral': {
      const quasis = node.quasis.map((q: AnyNode) => q.value.cooked ?? '');
      if (node.expressions.length === 0) return { anchor: 'cwd', relative: quasis[0].replace(/^\.\//, '') };
      if (node.expressions.length === 1 && quasis[0] === '') {
        const base = jsPath(node.expressions[0], imports, constants, depth + 1);
        const rest = quasis[1].replace(/^\//, '');
        return base ? (rest ? append(base, rest) : base) : undefined;
      }
      return undefined;
    }
    case 'CallExpression': {
      const name = calleeName(node, imports) ?? '';
      const args = node.arguments as AnyNode[];
      if (name === 'process.cwd') return { anchor: 'cwd', relative: '' };
      if (/^(?:path\.)?(?:join|resolve)$/.test(name) || /^(?:path\.(?:posix\.)?)(?:join|resolve)$/.test(name)) {
        if (!args.length) return undefined;
        let value = jsPath(args[0], imports, constants, depth + 1);
        for (const part of args.slice(1)) {
          if (!value || part.type !== 'StringLiteral') return undefined;
          value = append(value, part.value);
        }
        return value;
      }
      if (/^(?:path\.)?dirname$/.test(name) && args[0]) {
        const base = jsPath(args[0], imports, constants, depth + 1);
        return base ? append(base, '..') : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

// ---------- Resolution against the repository ----------

/**
 * Repository paths a served folder may mean: relative to the file's folder when anchored there,
 * else relative to the file's folder or any folder above it (the working directory is unknown).
 */
export function candidatePaths(folder: ServedFolder, sourcePath: string): string[] {
  const dir = dirname(sourcePath);
  if (folder.anchor === 'file') {
    const p = joinPath(dir, folder.relative);
    return p === undefined ? [] : [p];
  }
  const bases: string[] = [];
  for (let d: string | undefined = dir; d !== undefined; d = d === '' ? undefined : dirname(d)) bases.push(d);
  return [...new Set(bases.map((b) => joinPath(b, folder.relative)).filter((p): p is string => p !== undefined))];
}

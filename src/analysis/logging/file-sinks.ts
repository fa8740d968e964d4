import type { Node } from '@babel/types';
import type { ParsedFile } from '../../engine/types.js';
import type { PyNode } from '../../parsers/python.js';
import { jsConstantsOf, jsImportsOf, pyImportsOf } from '../facts.js';
import { calleeName, columnOf as jsColumn, lineOf as jsLine, memberPath, objectProperty, staticString, staticValue, walk as walkJs } from '../js/index.js';
import { callInfo, columnOf, dottedName, lineOf, stringValue, walk as walkPy } from '../python/index.js';

/** A log written to a local file by a handler/transport that never rotates it. */
export interface FileSink {
  line: number;
  column: number;
  /** What writes the file: `logging.FileHandler`, `winston.transports.File`… */
  sink: string;
}

/**
 * Python: `logging.FileHandler(...)`, `basicConfig(filename=...)`, dictConfig/Django `LOGGING`
 * handlers of class `logging.FileHandler`, loguru `logger.add("x.log")` without `rotation=`.
 * Rotating, timed and watched (logrotate-friendly) handlers are fine.
 */
export function pyFileSinks(file: ParsedFile<'python'>): FileSink[] {
  const imports = pyImportsOf(file);
  const out: FileSink[] = [];
  if (!mayHavePySink(file.text, imports)) return out;
  walkPy(file.model.root, (node) => {
    if (node.type === 'call') {
      const call = callInfo(node, imports);
      if (call.name === 'logging.FileHandler') out.push(at(node, 'logging.FileHandler'));
      if (call.name === 'logging.basicConfig' && call.kwargs.has('filename')) out.push(at(node, 'logging.basicConfig(filename=…)'));
      if (call.name === 'loguru.logger.add' && !call.kwargs.has('rotation') && call.args[0] && isFileTarget(call.args[0])) out.push(at(node, 'loguru logger.add(file)'));
    }
    if (node.type === 'pair' && stringValue(node.childForFieldName('key')) === 'class' && stringValue(node.childForFieldName('value')) === 'logging.FileHandler') {
      out.push(at(node, "'class': 'logging.FileHandler'"));
    }
    return undefined;
  });
  return out;
}

/**
 * Whether `pyFileSinks` can find anything. Sound: each sink needs `FileHandler`, `basicConfig` or
 * `loguru` in a callee (written in the text or taken from an import target) or `FileHandler` in a
 * string (written as is unless an escape other than `\n`, `\t`, `\r`, quotes and `\\` spells it).
 */
function mayHavePySink(text: string, imports: Map<string, string>): boolean {
  if (PY_SINK_WORD.test(text) || PY_ESCAPE.test(text)) return true;
  for (const target of imports.values()) if (PY_SINK_WORD.test(target)) return true;
  return false;
}
const PY_SINK_WORD = /FileHandler|basicConfig|loguru/;
/** A backslash escape that `stringValue` may turn into a letter, a dot or nothing (line continuation). */
export const PY_ESCAPE = /\\[^ntr"'\\]/;

/**
 * Whether `jsFileSinks` can find anything. Sound: each sink needs one of these names, as a callee
 * segment or an object key, written as is unless a backslash escape spells it.
 */
function mayHaveJsSink(text: string): boolean {
  return /transports|destination|createLogger|createWriteStream|filename/.test(text) || text.includes('\\');
}

function at(node: PyNode, sink: string): FileSink {
  return { line: lineOf(node), column: columnOf(node), sink };
}

/** A loguru sink that is a path: a string, f-string, `Path(...)`, `os.path.join(...)`, `dir / "x.log"`. */
function isFileTarget(node: PyNode): boolean {
  if (node.type === 'string' || node.type === 'concatenated_string' || node.type === 'binary_operator') return true;
  if (node.type === 'call') return /(?:^|\.)(?:Path|join|str|format)$/.test(dottedName(node.childForFieldName('function')) ?? '');
  const name = dottedName(node);
  return !!name && !/^sys\./.test(name) && /(?:file|path|log_?dir|logfile)/i.test(name);
}

/**
 * JS: winston `transports.File` without `maxsize`/`maxFiles`, `pino.destination('x.log')` and
 * `pino/file` transports, bunyan file streams that are not `rotating-file`, log4js `file`
 * appenders without `maxLogSize`, `fs.createWriteStream('…/access.log')`.
 */
export function jsFileSinks(file: ParsedFile<'js'>): FileSink[] {
  const imports = jsImportsOf(file);
  const constants = jsConstantsOf(file);
  const out: FileSink[] = [];
  const push = (node: Node, sink: string) => out.push({ line: jsLine(node), column: jsColumn(node), sink });
  if (!mayHaveJsSink(file.text)) return out;
  walkJs(file.model.ast, (node) => {
    if (node.type === 'NewExpression' || node.type === 'CallExpression') {
      const name = calleeName(node, imports) ?? '';
      const arg = node.arguments[0];
      if (/^winston(?:\.default)?\.transports\.File$/.test(name)) {
        if (!objectProperty(arg, 'maxsize') && !objectProperty(arg, 'maxFiles')) push(node, 'winston.transports.File');
      } else if (name === 'pino.destination' && arg) {
        const dest = arg.type === 'ObjectExpression' ? objectProperty(arg, 'dest') : arg;
        if (isFilePath(dest, constants)) push(node, 'pino.destination(file)');
      } else if (name === 'bunyan.createLogger') {
        walkJs(arg ?? node, (n) => {
          if (n.type === 'ObjectExpression' && objectProperty(n, 'path') && staticString(objectProperty(n, 'type'), constants) !== 'rotating-file') push(n, 'bunyan file stream');
          return undefined;
        });
      } else if (name === 'fs.createWriteStream' && arg && isLogFileName(arg, constants)) {
        push(node, 'fs.createWriteStream(log file)');
      }
    }
    if (node.type === 'ObjectExpression') {
      const target = staticString(objectProperty(node, 'target'), constants);
      const type = staticString(objectProperty(node, 'type'), constants);
      if (target === 'pino/file' && isFilePath(objectProperty(objectProperty(node, 'options'), 'destination'), constants)) push(node, 'pino/file transport');
      if (type === 'file' && objectProperty(node, 'filename') && !objectProperty(node, 'maxLogSize')) push(node, 'log4js file appender');
    }
    return undefined;
  });
  return out;
}

/** Anything but stdout/stderr (`1`, `2`, `process.stdout`). */
function isFilePath(node: Node | undefined, constants: Map<string, Node>): boolean {
  if (!node) return false;
  const value = staticValue(node, constants);
  if (typeof value === 'number') return value > 2;
  if (typeof value === 'string') return !/^(?:1|2|\/dev\/std(?:out|err))$/.test(value);
  return !/^process\.std(?:out|err)/.test(memberPath(node) ?? '');
}

/** `'access.log'`, `path.join(__dirname, 'logs', 'app.log')`, `` `${dir}/app.log` ``. */
function isLogFileName(node: Node, constants: Map<string, Node>): boolean {
  if (node.type === 'CallExpression' && /(?:^|\.)(?:join|resolve)$/.test(memberPath(node.callee) ?? '')) {
    const last = node.arguments[node.arguments.length - 1];
    return !!last && isLogFileName(last, constants);
  }
  if (node.type === 'TemplateLiteral') return /\.log$/.test(node.quasis[node.quasis.length - 1]?.value.raw ?? '');
  return /\.log$/.test(staticString(node, constants) ?? '');
}

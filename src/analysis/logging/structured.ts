import type { ParsedFile } from '../../engine/types.js';
import { jsImportsOf, pyImportsOf } from '../facts.js';
import { calleeName, objectProperty, staticValue, walk as walkJs } from '../js/index.js';
import { callInfo, dottedName, literalValue, stringValue, walk as walkPy } from '../python/index.js';
import { PY_ESCAPE } from './file-sinks.js';

const PY_JSON_LOGGERS = /^(?:pythonjsonlogger|structlog|ecs_logging|google\.cloud\.logging|json_log_formatter|logstash_formatter|logstash_async|opentelemetry\.sdk\._logs|aws_lambda_powertools\.logging|daiquiri)(?:\.|$)/;
const PY_JSON_STRINGS = /pythonjsonlogger|JsonFormatter|jsonlogger|ecs_logging|structlog/;

/**
 * Whether the walk of `pyConfiguresJsonLogs` can find anything. Sound: it needs `loguru` in a callee
 * (text or import target), a `Formatter` base class, or a `PY_JSON_STRINGS` name in a string
 * (written as is unless a backslash escape spells it).
 */
function mayConfigurePyJson(text: string, imports: Map<string, string>): boolean {
  if (/loguru|Formatter|pythonjsonlogger|jsonlogger|ecs_logging|structlog/.test(text) || PY_ESCAPE.test(text)) return true;
  for (const target of imports.values()) if (target.includes('loguru')) return true;
  return false;
}

/**
 * Whether a Python module configures structured (JSON) logs: python-json-logger, structlog,
 * ecs-logging, google-cloud-logging, loguru `serialize=True`, a `logging.Formatter` subclass that
 * emits JSON, or a dictConfig naming a JSON formatter.
 */
export function pyConfiguresJsonLogs(file: ParsedFile<'python'>): boolean {
  const imports = pyImportsOf(file);
  for (const target of imports.values()) if (PY_JSON_LOGGERS.test(target)) return true;
  if (!mayConfigurePyJson(file.text, imports)) return false;
  let found = false;
  walkPy(file.model.root, (node) => {
    if (found) return false;
    if (node.type === 'call') {
      const call = callInfo(node, imports);
      if (call.name === 'loguru.logger.add' && literalValue(call.kwargs.get('serialize')) === true) found = true;
    }
    if (node.type === 'class_definition') {
      const bases = node.childForFieldName('superclasses')?.namedChildren.map((b) => dottedName(b) ?? '') ?? [];
      if (bases.some((b) => /(?:^|\.)Formatter$/.test(b)) && dumpsJson(node)) found = true;
    }
    // A dictConfig naming a JSON formatter; docstrings that merely mention one do not count.
    if (node.type === 'string' && node.parent?.type !== 'expression_statement' && PY_JSON_STRINGS.test(stringValue(node) ?? '')) found = true;
    return undefined;
  });
  return found;

  function dumpsJson(cls: Parameters<typeof walkPy>[0]): boolean {
    let dumps = false;
    walkPy(cls, (n) => {
      if (n.type === 'call' && callInfo(n, imports).name === 'json.dumps') dumps = true;
      return undefined;
    });
    return dumps;
  }
}

const JS_JSON_LOGGERS = /^(?:pino|pino-http|express-pino-logger|koa-pino-logger|nestjs-pino|bunyan|@elastic\/ecs-(?:pino|winston|morgan)-format|@google-cloud\/logging-winston|@google-cloud\/logging-bunyan|roarr|@aws-lambda-powertools\/logger|consola)$/;

/**
 * Whether a JS/TS module configures structured (JSON) logs: pino (and its framework bindings),
 * bunyan, winston with its default or `format.json()`, Fastify's built-in logger, Nest's
 * `ConsoleLogger({ json: true })`.
 */
export function jsConfiguresJsonLogs(file: ParsedFile<'js'>): boolean {
  const imports = jsImportsOf(file);
  for (const b of imports.values()) if (JS_JSON_LOGGERS.test(b.source)) return true;
  // Sound: each match below needs one of these names in the callee (as written or an import source).
  if (!/format|createLogger|fastify|ConsoleLogger/.test(file.text) && !file.text.includes('\\')) return false;
  let found = false;
  walkJs(file.model.ast, (node) => {
    if (found) return false;
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return undefined;
    const name = calleeName(node, imports) ?? '';
    const arg = node.arguments[0];
    if (/^winston(?:\.default)?\.format\.(?:json|logstash)$/.test(name)) found = true;
    if (/^winston(?:\.default)?\.createLogger$/.test(name) && arg?.type === 'ObjectExpression' && !objectProperty(arg, 'format')) found = true;
    if (/^fastify(?:\.fastify)?$/.test(name)) {
      const logger = staticValue(objectProperty(arg, 'logger'));
      if (logger === true || (objectProperty(arg, 'logger')?.type === 'ObjectExpression')) found = true;
    }
    if (/(?:^|\.)ConsoleLogger$/.test(name) && staticValue(objectProperty(node.arguments[1] ?? arg, 'json')) === true) found = true;
    return undefined;
  });
  return found;
}

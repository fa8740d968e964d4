import type { Node } from '@babel/types';
import { defineRule } from '../../src/engine/rule.js';
import { jsHandlers } from '../../src/analysis/taint/js-calls.js';
import { pyHandlerIds } from '../../src/analysis/taint/python-calls.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { isFunction, walk as jsWalk } from '../../src/analysis/js/ast.js';
import { calleeName, memberPath } from '../../src/analysis/js/names.js';
import { callInfo, dottedName, lineOf, columnOf, walk } from '../../src/analysis/python/index.js';
import type { PyNode } from '../../src/parsers/python.js';
import { isTestPath } from '../../src/io/paths.js';

const JS_BODY = /^(?:req|request|ctx\.request|event)\.body(?:\.|$)|^(?:req|request|c\.req)\.(?:json|formData|text)$/;
const JS_VALIDATORS = /^(?:zod|joi|@hapi\/joi|yup|ajv|class-validator|class-transformer|superstruct|valibot|@sinclair\/typebox|express-validator|celebrate|@vinejs\/vine|io-ts|runtypes|arktype|fastest-validator)(?:\/|\.|$)/;
/** A webhook body checked against its signature (Stripe, Svix, Octokit, Twilio, a hand-rolled HMAC) is authenticated input. */
const JS_SIGNATURE_CHECK = /(?:^|\.)(?:constructEvent|constructEventAsync|verifyWebhook\w*|verify\w*Signature\w*|verifyAndReceive|validateRequest\w*|timingSafeEqual)$/;
const JS_VALIDATE_CALL = /(?:^|\.)(?:parse|safeParse|parseAsync|safeParseAsync|validate|validateAsync|validateSync|assert|is|check|decode|plainToInstance|plainToClass|validationResult|matchedData)$/;
const VALIDATION_MIDDLEWARE = /valid|schema|celebrate|zod|joi|yup|sanitiz|checkSchema|body\(/i;
const PY_BODY_ATTRS = new Set(['json', 'get_json', 'form', 'data', 'body', 'POST', 'values', 'post']);
const PY_VALIDATE = /(?:^|\.)(?:load|loads_schema|validate|is_valid|model_validate|model_validate_json|parse_obj|parse_raw|validate_on_submit|use_args|use_kwargs|parse_args|full_clean|TypeAdapter|validate_python)$/;
const PY_VALIDATOR_MODULES = /^(?:marshmallow|pydantic|webargs|wtforms|flask_wtf|cerberus|jsonschema|voluptuous|schema|attrs|cattrs|msgspec|django\.forms|rest_framework\.serializers|flask_pydantic|spectree|apiflask)(?:\.|$)/;

export default defineRule({
  meta: {
    id: 'input/unvalidated-body',
    priority: 'P1',
    category: 'security',
    kinds: ['python', 'js'],
    tags: ['security'],
    messages: {
      js: {
        en: 'The handler uses the request body (`{{read}}`) without schema validation (zod, joi, yup, class-validator, ajv, a Fastify `schema`).',
        zh: '该处理函数直接使用请求体（`{{read}}`），未经任何 schema 校验（zod、joi、yup、class-validator、ajv、Fastify `schema`）。',
      },
      nest: {
        en: '`@Body()` DTOs are not validated: no `ValidationPipe` is registered (`app.useGlobalPipes(new ValidationPipe())`), so class-validator decorators never run.',
        zh: '`@Body()` 的 DTO 未被校验：未注册 `ValidationPipe`（`app.useGlobalPipes(new ValidationPipe())`），class-validator 装饰器不会执行。',
      },
      python: {
        en: 'The view reads the request body (`{{read}}`) and uses it without a schema (pydantic, marshmallow, webargs, a Django form/serializer).',
        zh: '该视图读取请求体（`{{read}}`）后直接使用，未经 schema 校验（pydantic、marshmallow、webargs、Django Form/Serializer）。',
      },
    },
    docs: {
      en: {
        title: 'Request body used without validation',
        why: 'Fields taken straight from `req.body` / `request.json` have whatever type, size and shape the client sends: missing fields, objects where strings were expected, megabyte strings, prototype-polluting keys.',
        risk: 'Crashes and 500s on malformed input, injection through unexpected types, oversized payloads that exhaust memory or LLM token budgets, and business logic run on unchecked values.',
        fix: 'Validate every body against a schema at the edge: zod/joi/yup/ajv or class-validator with a global `ValidationPipe`, a Fastify route `schema`, pydantic models (FastAPI) or marshmallow/webargs (Flask), Django forms or DRF serializers; limit string lengths and array sizes.',
      },
      zh: {
        title: '请求体未经校验直接使用',
        why: '直接从 `req.body` / `request.json` 取出的字段，类型、大小和结构完全由客户端决定：字段缺失、期望字符串却收到对象、超长字符串、原型污染键等。',
        risk: '畸形输入导致崩溃和 500，异常类型引发注入，超大请求耗尽内存或 LLM token 预算，业务逻辑在未校验的值上运行。',
        fix: '在入口用 schema 校验所有请求体：zod/joi/yup/ajv 或 class-validator 配合全局 `ValidationPipe`、Fastify 路由 `schema`、pydantic 模型（FastAPI）或 marshmallow/webargs（Flask）、Django Form 或 DRF Serializer；限制字符串长度和数组大小。',
      },
    },
    examples: {
      bad: "app.post('/chat', (req, res) => { const { messages, stream } = req.body; … })",
      good: "const Chat = z.object({ messages: z.array(Message).max(50), stream: z.boolean() });\napp.post('/chat', (req, res) => { const { messages, stream } = Chat.parse(req.body); … })",
    },
    refs: ['https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html', 'https://docs.nestjs.com/techniques/validation'],
  },
  create(ctx) {
    let validationPipe = false;
    const nestBodies: { path: string; line: number; column: number }[] = [];
    return {
      python(file) {
        // A body read names the request (`request`, `req`, or an alias imported as `request`).
        if (isTestPath(file.path) || !file.text.includes('req')) return;
        const handlers = pyHandlerIds(file);
        if (!handlers.size) return;
        const imports = pyImportsOf(file);
        walk(file.model.root, (fn) => {
          if (fn.type !== 'function_definition' || !handlers.has(fn.id)) return undefined;
          const read = pyBodyRead(fn, imports);
          if (read && !pyValidates(fn, imports)) {
            ctx.report({ messageId: 'python', data: { read: read.text }, evidence: [{ path: file.path, line: lineOf(read.node), column: columnOf(read.node) }] });
          }
          return undefined;
        });
      },
      js(file) {
        if (isTestPath(file.path)) return;
        // Sound text checks: each name below is spelled in the module unless written with escapes.
        // Once a ValidationPipe is seen, Nest bodies no longer matter (done() reports none).
        const text = file.text;
        const escaped = text.includes('\\');
        const pipes = !validationPipe && (escaped || text.includes('ValidationPipe'));
        const nestBody = !validationPipe && (escaped || text.includes('Body'));
        const bodyRead = escaped || (JS_BODY_HEAD.test(text) && JS_BODY_WORD.test(text));
        const handlers = bodyRead ? jsHandlers(file, ctx.inventory) : NO_HANDLERS;
        if (!pipes && !nestBody && !handlers.size) return;
        const imports = jsImportsOf(file);
        jsWalk(file.model.ast, (node, ancestors) => {
          if (pipes && (node.type === 'NewExpression' || node.type === 'CallExpression')) {
            if (/(?:^|\.)ValidationPipe$/.test(calleeName(node, imports) ?? '')) validationPipe = true;
          }
          if (node.type === 'Identifier' && node.name === 'ValidationPipe') validationPipe = true;
          if (!isFunction(node)) return undefined;
          // NestJS: `@Body() dto: CreateDto` is validated only through a ValidationPipe.
          if (nestBody) for (const param of node.params) {
            const decorators = (param as { decorators?: { expression: Node; loc?: Node['loc'] }[] }).decorators ?? [];
            for (const d of decorators) {
              if (d.expression.type !== 'CallExpression' || memberPath(d.expression.callee) !== 'Body') continue;
              const hasPipe = d.expression.arguments.some((a) => /Pipe/.test(memberPath(a.type === 'NewExpression' ? a.callee : a) ?? ''));
              if (!hasPipe) nestBodies.push({ path: file.path, line: d.loc?.start.line ?? 1, column: (d.loc?.start.column ?? 0) + 1 });
            }
          }
          if (!handlers.has(node)) return undefined;
          const read = jsBodyRead(node);
          if (!read) return undefined;
          if (jsValidates(node, imports) || routeValidates(ancestors, node)) return undefined;
          ctx.report({ messageId: 'js', data: { read: read.text }, evidence: [{ path: file.path, line: read.node.loc?.start.line ?? 1, column: (read.node.loc?.start.column ?? 0) + 1 }] });
          return undefined;
        });
      },
      done() {
        if (validationPipe) return;
        for (const at of nestBodies) ctx.report({ messageId: 'nest', evidence: [at] });
      },
    };
  },
});

/** What JS_BODY's paths are made of: a request head and a body member. */
const JS_BODY_HEAD = /req|event/;
const JS_BODY_WORD = /body|json|formData|text/;
const NO_HANDLERS: ReadonlySet<Node> = new Set();

function jsBodyRead(fn: Node): { node: Node; text: string } | undefined {
  let found: { node: Node; text: string } | undefined;
  jsWalk(fn, (n) => {
    if (found) return false;
    const path = n.type === 'MemberExpression' ? memberPath(n) : n.type === 'CallExpression' ? memberPath(n.callee) : undefined;
    if (path && JS_BODY.test(path)) found = { node: n, text: n.type === 'CallExpression' ? `${path}()` : path };
    return undefined;
  });
  return found;
}

function jsValidates(fn: Node, imports: ReturnType<typeof jsImportsOf>): boolean {
  let validated = false;
  jsWalk(fn, (n) => {
    if (validated) return false;
    if (n.type === 'CallExpression' || n.type === 'NewExpression') {
      const name = calleeName(n, imports) ?? '';
      if (JS_VALIDATORS.test(name) || (JS_VALIDATE_CALL.test(name) && !/^JSON\./.test(name)) || JS_SIGNATURE_CHECK.test(name)) validated = true;
    }
    return undefined;
  });
  return validated;
}

/** Validation middleware before the handler (`validate(schema)`, `celebrate(…)`) or a Fastify route `schema`. */
function routeValidates(ancestors: readonly Node[], handler: Node): boolean {
  const parent = ancestors[ancestors.length - 1];
  const call = parent?.type === 'ObjectProperty' ? ancestors[ancestors.length - 3] : parent;
  if (!call || call.type !== 'CallExpression') return false;
  for (const arg of call.arguments) {
    if (arg === handler) continue;
    if (arg.type === 'ObjectExpression' && arg.properties.some((p) => p.type === 'ObjectProperty' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'schema')) return true;
    const name = arg.type === 'CallExpression' ? memberPath(arg.callee) : memberPath(arg as Node);
    if (name && VALIDATION_MIDDLEWARE.test(name)) return true;
    if (arg.type === 'ArrayExpression' || (arg.type === 'CallExpression' && /^(?:body|check|checkSchema)$/.test(memberPath(arg.callee) ?? ''))) return true;
  }
  return false;
}

function pyBodyRead(fn: PyNode, imports: ReturnType<typeof pyImportsOf>): { node: PyNode; text: string } | undefined {
  const requestNames = new Set(['request', 'req', 'self.request']);
  for (const [local, target] of imports) if (target === 'flask.request' || target === 'quart.request') requestNames.add(local);
  let found: { node: PyNode; text: string } | undefined;
  walk(fn, (n) => {
    if (found) return false;
    if (n.type === 'attribute') {
      const object = dottedName(n.childForFieldName('object'));
      const attr = n.childForFieldName('attribute')?.text ?? '';
      if (object && requestNames.has(object) && PY_BODY_ATTRS.has(attr)) {
        // Django `request.body` is only a body read when it is parsed (`json.loads(request.body)`).
        if (attr === 'body' && !/^(?:json\.loads|orjson\.loads|ujson\.loads)$/.test(callInfo(n.parent?.parent ?? n, imports).name ?? '')) return undefined;
        found = { node: n, text: n.parent?.type === 'call' ? `${object}.${attr}()` : `${object}.${attr}` };
      }
    }
    return undefined;
  });
  return found;
}

function pyValidates(fn: PyNode, imports: ReturnType<typeof pyImportsOf>): boolean {
  let validated = false;
  walk(fn, (n) => {
    if (validated) return false;
    if (n.type === 'call') {
      const call = callInfo(n, imports);
      const callee = n.childForFieldName('function');
      // `Schema().load(x)`: a method on a call has no dotted name; its attribute still says it.
      const name = call.name ?? (callee?.type === 'attribute' ? `.${callee.childForFieldName('attribute')?.text}` : '');
      if (PY_VALIDATE.test(name) && !/^(?:json|orjson|ujson|pickle|yaml)\./.test(name)) validated = true;
      if (PY_VALIDATOR_MODULES.test(name)) validated = true;
      // `Model(**data)` of a pydantic/marshmallow class imported from a schema module.
      if (call.hasSplat && /^[A-Z]/.test(call.written?.split('.').pop() ?? '')) validated = true;
    }
    return undefined;
  });
  for (const d of fnDecorators(fn)) if (/use_args|use_kwargs|validate|expects_json|input|doc|arguments/.test(d)) validated = true;
  return validated;
}

function fnDecorators(fn: PyNode): string[] {
  const parent = fn.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren.filter((c) => c?.type === 'decorator').map((c) => c!.text);
}

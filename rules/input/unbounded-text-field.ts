import { defineRule } from '../../src/engine/rule.js';
import { translated } from '../../src/engine/message-words.js';
import type { PyNode } from '../../src/parsers/python.js';
import { jsImportsOf } from '../../src/analysis/facts.js';
import { RouteCollector } from '../../src/analysis/routes.js';
import type { PyRoute } from '../../src/analysis/python/routes.js';
import { pyBodyNames, pydanticNames, pyModelClasses, type PyModelClass } from '../../src/analysis/input/py-models.js';
import { jsSchemaFacts } from '../../src/analysis/input/js-schemas.js';
import { isFreeTextName, requestModels, type RequestModel } from '../../src/analysis/input/text-fields.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';

/** Fields named in the message; all of them are evidence. */
const NAMED = 4;

/**
 * Sound: every model or body name jsSchemaFacts reads needs one of these spelled in the module (a
 * class-validator or zod import, a `Body` decorator, a `parse`/`safeParse` method, `zValidator`),
 * or an escape that could write one.
 */
const JS_SCHEMA_WORDS = /class-validator|Body|zod|[pP]arse|zValidator|\\/;

export default defineRule({
  meta: {
    id: 'input/unbounded-text-field',
    priority: 'P3',
    category: 'security',
    kinds: ['python', 'js'],
    messages: {
      fields: {
        en: 'Request model `{{model}}` accepts free text of any length in {{fields}}: nothing caps how much a client may send in one field.',
        zh: '请求模型 `{{model}}` 的文本字段 {{fields}} 没有长度限制：客户端可以在单个字段中提交任意长度的内容。',
      },
    },
    docs: {
      en: {
        title: 'Free-text request fields without a length limit',
        why: 'A pydantic `str`, a zod `z.string()` or a class-validator `@IsString()` accepts a string of any length: only the server-wide body size limit, if there is one, stops a megabyte "message".',
        risk: 'Oversized input is stored, logged, searched and — in chat and LLM apps — sent on to the model, costing memory, tokens and money, and can push the model past its context window; large payloads are also an easy denial of service.',
        fix: 'Give every free-text field a maximum that fits its purpose: `Field(max_length=2000)` / `Annotated[str, StringConstraints(max_length=2000)]` (pydantic), `z.string().max(2000)` (zod), `@MaxLength(2000)` (class-validator); keep a body size limit at the proxy as well.',
      },
      zh: {
        title: '请求文本字段无长度限制',
        why: 'pydantic 的 `str`、zod 的 `z.string()`、class-validator 的 `@IsString()` 都接受任意长度的字符串：只有服务端整体的请求体大小限制（如果配置了）才能挡住一条几 MB 的“消息”。',
        risk: '超长输入会被存储、记录日志、检索，在对话/LLM 应用中还会被转发给模型，消耗内存、Token 和费用，甚至超出模型上下文窗口；超大请求也很容易造成拒绝服务。',
        fix: '为每个自由文本字段设置符合用途的最大长度：`Field(max_length=2000)` / `Annotated[str, StringConstraints(max_length=2000)]`（pydantic）、`z.string().max(2000)`（zod）、`@MaxLength(2000)`（class-validator）；同时在反向代理层保留请求体大小限制。',
      },
    },
    examples: {
      bad: 'class ChatRequest(BaseModel):\n    session_id: str\n    message: str',
      good: 'class ChatRequest(BaseModel):\n    session_id: str\n    message: str = Field(min_length=1, max_length=2000)',
    },
    refs: ['https://docs.pydantic.dev/latest/concepts/fields/#string-constraints', 'https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html'],
    tags: ['security'],
  },
  create(ctx) {
    const pyClasses: PyModelClass[] = [];
    const jsModels: RequestModel[] = [];
    const jsBodies: string[] = [];
    const routes = new RouteCollector(ctx.inventory, (route, file) =>
      file.kind === 'python' && (route as PyRoute).framework === 'fastapi' ? { bodies: pyBodyNames((route as PyRoute).handler as PyNode | undefined) } : {},
    );
    const skip = (path: string) => isTestPath(path) || isExamplePath(path);
    const report = (model: RequestModel, bounded: boolean) => {
      const open = bounded ? [] : model.texts.filter((f) => !f.bounded && isFreeTextName(f.name));
      if (!open.length) return;
      const names = open.slice(0, NAMED).map((f) => `\`${f.name}\``);
      const more = open.length - names.length;
      ctx.report({
        messageId: 'fields',
        data: { model: model.name.includes(':') ? 'z.object({…})' : model.name, fields: more ? translated(`${names.join(', ')} and ${more} more`, `${names.join('、')} 等 ${open.length} 个`) : names },
        evidence: open.map((f) => ({ path: model.file, line: f.line, column: f.column })),
      });
    };
    return {
      python(file) {
        if (skip(file.path)) return;
        // A model is a class definition, which spells the keyword.
        if (file.text.includes('class')) pyClasses.push(...pyModelClasses(file.model.root, file.path));
        routes.python(file);
      },
      js(file) {
        if (skip(file.path) || !JS_SCHEMA_WORDS.test(file.text)) return;
        const facts = jsSchemaFacts(file.model.ast, jsImportsOf(file), file.path);
        jsModels.push(...facts.models);
        jsBodies.push(...facts.bodyNames);
      },
      done() {
        const bodies = routes.resolve().flatMap((r) => (r.notes.bodies as string[] | undefined) ?? []);
        const pydantic = pydanticNames(pyClasses);
        const models = pyClasses.filter((c) => pydantic.has(c.name));
        for (const m of requestModels(models, bodies)) report(m, (m as PyModelClass).configBound);
        for (const m of requestModels(jsModels, jsBodies)) report(m, false);
      },
    };
  },
});

import { defineRule } from '../../src/engine/rule.js';
import { forEachJsCall } from '../../src/analysis/taint/js-calls.js';
import { forEachPyCall } from '../../src/analysis/taint/python-calls.js';
import { jsConstantsOf } from '../../src/analysis/facts.js';
import { isKnown, staticValue } from '../../src/analysis/js/values.js';
import { columnOf, lineOf, stringValue } from '../../src/analysis/python/index.js';
import { isTestPath } from '../../src/io/paths.js';
import { injectionGrade } from './_grade.js';

const PY_EVAL = new Set(['eval', 'exec', 'compile', 'builtins.eval', 'builtins.exec', 'builtins.compile']);
const JS_EVAL = new Set(['eval', 'Function', 'vm.runInNewContext', 'vm.runInThisContext', 'vm.runInContext', 'vm.compileFunction', 'vm.Script', 'window.eval', 'globalThis.eval']);
const JS_UNSERIALIZE = new Set(['node-serialize.unserialize', 'serialize-javascript.unserialize', 'funcster.deepDeserialize']);

/** Sound: a call resolves to eval/exec/compile only if that name is written as a token (at the call or in its import). */
const mentionsPyEval = (text: string) => /\b(?:eval|exec|compile)\b/.test(text);

export default defineRule({
  meta: {
    id: 'injection/code-eval',
    priority: 'P0',
    category: 'security',
    kinds: ['python', 'js'],
    tags: ['security'],
    messages: {
      input: {
        en: '`{{call}}` runs code built from {{source}}: a client can execute anything in this process.',
        zh: '`{{call}}` 执行了由 {{source}} 构造的代码：客户端可在本进程中执行任意代码。',
      },
      dynamic: {
        en: '`{{call}}` runs code built at run time; if any part of it can come from outside, this is remote code execution.',
        zh: '`{{call}}` 执行运行时拼出的代码；只要其中任何部分可能来自外部，就是远程代码执行。',
      },
    },
    docs: {
      en: {
        title: 'Code evaluation of dynamic input',
        why: 'Python `eval`/`exec`/`compile`, JavaScript `eval`, `new Function`, `vm.runIn*Context`, `vm.Script`, string timers and `node-serialize` `unserialize` execute whatever text they are given.',
        risk: 'Remote code execution: reading secrets, files and databases, pivoting into the network.',
        fix: 'Parse data instead of running it: `json.loads`/`JSON.parse`, `ast.literal_eval` for Python literals, a small expression parser or an allow-list of operations; never unserialize with node-serialize.',
      },
      zh: {
        title: '对动态输入执行代码（eval 注入）',
        why: 'Python 的 `eval`/`exec`/`compile`，JavaScript 的 `eval`、`new Function`、`vm.runIn*Context`、`vm.Script`、字符串形式的定时器以及 node-serialize 的 `unserialize` 都会执行传入的文本。',
        risk: '远程代码执行：读取密钥、文件和数据库，并进一步渗透内网。',
        fix: '解析数据而不是执行：使用 `json.loads`/`JSON.parse`，Python 字面量用 `ast.literal_eval`，或使用小型表达式解析器/操作白名单；不要使用 node-serialize 反序列化。',
      },
    },
    examples: { bad: 'result = eval(request.args["expr"])\nconst fn = new Function(req.body.code)', good: 'value = ast.literal_eval(text)\nconst data = JSON.parse(req.body.payload)' },
    refs: ['https://cwe.mitre.org/data/definitions/95.html', 'https://owasp.org/www-community/attacks/Code_Injection'],
  },
  create(ctx) {
    return {
      python(file) {
        if (isTestPath(file.path) || !mentionsPyEval(file.text)) return;
        forEachPyCall(file, ({ call, taint }) => {
          if (!PY_EVAL.has(call.name ?? '') || call.written?.includes('.') && !call.name?.startsWith('builtins.')) return;
          // `exec(compile(src, …))` is one finding, on the exec.
          if (call.name?.endsWith('compile') && call.node.parent?.parent?.type === 'call' && /(?:^|\.)(?:exec|eval)$/.test(call.node.parent.parent.childForFieldName('function')?.text ?? '')) return;
          const code = call.args[0] ?? call.kwargs.get('source');
          if (!code || stringValue(code) !== undefined) return;
          const source = taint.sourceOf(code);
          const grade = injectionGrade(source);
          ctx.report({ ...grade, data: { call: `${call.written}()`, source: source ? `\`${source}\`` : '' }, evidence: [{ path: file.path, line: lineOf(call.node), column: columnOf(call.node) }] });
        });
      },
      js(file) {
        if (isTestPath(file.path)) return;
        const constants = jsConstantsOf(file);
        forEachJsCall(file, ctx.inventory, ({ node, name, written, args, taint }) => {
          let code = args[0];
          const timer = /^(?:setTimeout|setInterval|setImmediate)$/.test(written);
          if (!JS_EVAL.has(name) && !JS_UNSERIALIZE.has(name) && !timer) return;
          if (name === 'Function') code = args[args.length - 1];
          if (!code) return;
          if (timer && !(code.type === 'StringLiteral' || code.type === 'TemplateLiteral' || code.type === 'BinaryExpression')) return;
          if (!JS_UNSERIALIZE.has(name) && isKnown(staticValue(code, constants))) return;
          const source = taint.sourceOf(code);
          const grade = injectionGrade(source);
          const call = node.type === 'NewExpression' ? `new ${written}()` : `${written}()`;
          ctx.report({ ...grade, data: { call, source: source ? `\`${source}\`` : '' }, evidence: [{ path: file.path, line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 }] });
        });
      },
    };
  },
});

import { defineRule } from '../../src/engine/rule.js';
import { translated } from '../../src/engine/message-words.js';
import type { MessageValue } from '../../src/engine/types.js';
import { forEachJsCall } from '../../src/analysis/taint/js-calls.js';
import { forEachPyCall } from '../../src/analysis/taint/python-calls.js';
import { jsBuiltString, jsIsSafeSqlPart, pyBuiltString, pyIsConstantExpr } from '../../src/analysis/taint/strings.js';
import { pyLiteralConstants } from '../../src/analysis/taint/python.js';
import { jsConstantsOf } from '../../src/analysis/facts.js';
import { columnOf, lastSegment, lineOf } from '../../src/analysis/python/index.js';
import { isTestPath } from '../../src/io/paths.js';
import { injectionGrade } from './_grade.js';

const SQL = /\b(?:select\b[\s\S]*\bfrom|insert\s+into|update\b[\s\S]*\bset|delete\s+from|drop\s+(?:table|database)|create\s+table|alter\s+table|truncate\b|where\b|order\s+by|values\s*\()/i;
const PY_SINKS = new Set(['execute', 'executemany', 'executescript', 'raw', 'exec_driver_sql', 'read_sql', 'read_sql_query', 'mogrify', 'fetch', 'fetchrow', 'fetchval', 'extra']);
const PY_TEXT = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text']);
const JS_SINKS = new Set(['query', 'execute', 'raw', 'exec', 'run', 'all', 'get', 'prepare', '$queryRawUnsafe', '$executeRawUnsafe', 'whereRaw', 'orderByRaw', 'havingRaw', 'joinRaw', 'unsafe', 'many', 'one', 'none', 'any', 'oneOrNone', 'manyOrNone']);

/** Sound: a sink's method (PY_SINKS) is written as a token at the call, and `text()` is imported from sqlalchemy. */
const mentionsPySqlSink = (text: string) => /\b(?:execute|executemany|executescript|raw|exec_driver_sql|read_sql|read_sql_query|mogrify|fetch|fetchrow|fetchval|extra|sqlalchemy)\b/.test(text);

export default defineRule({
  meta: {
    id: 'injection/sql',
    priority: 'P0',
    category: 'security',
    kinds: ['python', 'js'],
    tags: ['security'],
    messages: {
      input: {
        en: 'SQL passed to `{{call}}` is built with {{how}} from {{source}}: a client can rewrite the query.',
        zh: '传给 `{{call}}` 的 SQL 通过 {{how}} 拼接了 {{source}}：客户端可以改写该查询（SQL 注入）。',
      },
      dynamic: {
        en: 'SQL passed to `{{call}}` is built with {{how}} from run-time values; use bound parameters instead.',
        zh: '传给 `{{call}}` 的 SQL 通过 {{how}} 拼接了运行时值；应改用参数绑定。',
      },
    },
    docs: {
      en: {
        title: 'SQL built by string formatting',
        why: 'Splicing values into SQL text (f-strings, `%`, `.format()`, `+`, template literals) lets quotes and keywords in those values change the statement.',
        risk: 'SQL injection: reading or deleting any table, bypassing login, sometimes command execution through the database.',
        fix: 'Use bound parameters: `cursor.execute("... WHERE id = %s", (id,))`, `text("... :id")` with params, `db.query("... $1", [id])`, tagged templates (`sql\\`...\\``, Prisma `$queryRaw\\`\\``), or the ORM; allow-list identifiers such as column names.',
      },
      zh: {
        title: '通过字符串拼接构造 SQL',
        why: '把值拼进 SQL 文本（f-string、`%`、`.format()`、`+`、模板字符串）会让值中的引号和关键字改变语句结构。',
        risk: 'SQL 注入：读取或删除任意表、绕过登录，甚至借助数据库执行命令。',
        fix: '使用参数绑定：`cursor.execute("... WHERE id = %s", (id,))`、带参数的 `text("... :id")`、`db.query("... $1", [id])`、标签模板（`sql\\`...\\``、Prisma `$queryRaw\\`\\``）或 ORM；列名等标识符用白名单。',
      },
    },
    examples: { bad: 'cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\ndb.query(`SELECT * FROM users WHERE id = ${req.params.id}`)', good: 'cur.execute("SELECT * FROM users WHERE name = %s", (name,))\ndb.query("SELECT * FROM users WHERE id = $1", [req.params.id])' },
    refs: ['https://cwe.mitre.org/data/definitions/89.html', 'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html'],
  },
  create(ctx) {
    return {
      python(file) {
        if (isTestPath(file.path) || !mentionsPySqlSink(file.text)) return;
        const constants = pyLiteralConstants(file.model.root);
        forEachPyCall(file, ({ call, taint }) => {
          const method = lastSegment(call.written) ?? '';
          const isText = PY_TEXT.has(call.name ?? '');
          if (!isText && !(PY_SINKS.has(method) && call.written?.includes('.'))) return;
          const query = call.args[0] ?? call.kwargs.get('sql') ?? call.kwargs.get('query') ?? call.kwargs.get('statement');
          const built = pyBuiltString(query);
          if (!built || !SQL.test(built.text)) return;
          const dynamic = built.parts.filter((p) => !pyIsConstantExpr(p, constants));
          if (!dynamic.length) return;
          const source = dynamic.map((p) => taint.sourceOf(p)).find(Boolean) ?? taint.sourceOf(query);
          const how = formatting(query?.type ?? '');
          ctx.report({ ...injectionGrade(source), data: { call: `${call.written}()`, how, source: source ? `\`${source}\`` : '' }, evidence: [{ path: file.path, line: lineOf(call.node), column: columnOf(call.node) }] });
        });
      },
      js(file) {
        if (isTestPath(file.path)) return;
        const constants = jsConstantsOf(file);
        forEachJsCall(file, ctx.inventory, ({ node, name, written, args, fn, taint }) => {
          const method = lastSegment(written) ?? '';
          if (!(JS_SINKS.has(method) && written.includes('.')) && name !== 'knex.raw' && name !== 'sequelize.literal') return;
          const built = jsBuiltString(args[0], fn, constants);
          if (!built || !SQL.test(built.text)) return;
          const dynamic = built.parts.filter((p) => !jsIsSafeSqlPart(p, fn, constants));
          if (!dynamic.length) return;
          const source = dynamic.map((p) => taint.sourceOf(p)).find(Boolean) ?? taint.sourceOf(args[0]);
          const how = formatting(args[0]?.type === 'TemplateLiteral' ? 'template' : args[0]?.type === 'BinaryExpression' ? 'plus' : 'identifier');
          ctx.report({ ...injectionGrade(source), data: { call: `${written}()`, how, source: source ? `\`${source}\`` : '' }, evidence: [{ path: file.path, line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 }] });
        });
      },
    };
  },
});

/** How the SQL text was put together, from the node type of the query (Python) or a JS shape. */
function formatting(type: string): MessageValue {
  switch (type) {
    case 'string':
    case 'concatenated_string':
      return translated('an f-string', 'f-string');
    case 'binary_operator':
      return translated('`%`/`+` formatting', '`%`/`+` 格式化');
    case 'call':
      return '`.format()`';
    case 'template':
      return translated('a template literal', '模板字符串');
    case 'plus':
      return '`+`';
    case 'identifier':
      return translated('a string built earlier', '先前拼好的字符串');
    default:
      return type;
  }
}

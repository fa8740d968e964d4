import { defineRule } from '../../src/engine/rule.js';
import { forEachJsCall } from '../../src/analysis/taint/js-calls.js';
import { forEachPyCall } from '../../src/analysis/taint/python-calls.js';
import { pyTaint } from '../../src/analysis/taint/python.js';
import { pyShellQuoted } from '../../src/analysis/taint/py-quoted.js';
import { enqueuedSource, pyEnqueueOf, pyTaskOf, type PyEnqueue, type PyTask } from '../../src/analysis/taint/py-tasks.js';
import { jsConstantsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { isKnown, objectProperty, staticValue } from '../../src/analysis/js/values.js';
import { columnOf, lineOf, literalValue, stringValue } from '../../src/analysis/python/index.js';
import { isTestPath } from '../../src/io/paths.js';
import { injectionGrade } from './_grade.js';

/** Python calls that always go through a shell. */
const PY_SHELL = new Set(['os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'commands.getoutput', 'commands.getstatusoutput', 'asyncio.create_subprocess_shell', 'os.popen2', 'os.popen3']);
/** Python calls that use a shell only with `shell=True`. */
const PY_SHELL_OPTION = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);
const JS_SHELL = new Set(['child_process.exec', 'child_process.execSync', 'shelljs.exec', 'execa.execaCommand', 'execa.execaCommandSync']);
const JS_SHELL_OPTION = new Set(['child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync']);

/**
 * Sound: the last segment of every PY_SHELL/PY_SHELL_OPTION name, and every enqueue method, is
 * written as a token in the module (at the call or in its import); Python names have no escapes.
 */
const mentionsPyShellOrEnqueue = (text: string) => /\b(?:system|popen[23]?|getoutput|getstatusoutput|subprocess|create_subprocess_shell|delay|send|apply_async|enqueue)\b/.test(text);

export default defineRule({
  meta: {
    id: 'injection/shell',
    priority: 'P0',
    category: 'security',
    kinds: ['python', 'js'],
    tags: ['security'],
    messages: {
      input: {
        en: '`{{call}}` runs a shell command built from {{source}}: shell metacharacters in it run arbitrary commands.',
        zh: '`{{call}}` 通过 shell 执行由 {{source}} 拼接的命令：其中的 shell 元字符可执行任意命令。',
      },
      dynamic: {
        en: '`{{call}}` runs a shell command assembled at run time; any outside value in it becomes command injection.',
        zh: '`{{call}}` 通过 shell 执行运行时拼接的命令；其中任何外部值都会造成命令注入。',
      },
    },
    docs: {
      en: {
        title: 'Shell command injection',
        why: 'A command string passed to a shell (`os.system`, `subprocess` with `shell=True`, `child_process.exec`) is parsed by the shell, so `;`, `|`, `$()` and backticks in any interpolated value run extra commands.',
        risk: 'Remote command execution on the server with the service\'s permissions.',
        fix: 'Pass an argument list without a shell: `subprocess.run(["convert", path, out])`, `execFile("convert", [path, out])` / `spawn(cmd, args)`; validate values against an allow-list; use `shlex.quote` only as a last resort.',
      },
      zh: {
        title: 'Shell 命令注入',
        why: '传给 shell 的命令字符串（`os.system`、`shell=True` 的 `subprocess`、`child_process.exec`）会被 shell 解析，拼接值中的 `;`、`|`、`$()`、反引号都会执行额外命令。',
        risk: '以服务进程的权限在服务器上远程执行命令。',
        fix: '以参数数组方式调用且不经过 shell：`subprocess.run(["convert", path, out])`、`execFile("convert", [path, out])`/`spawn(cmd, args)`；按白名单校验参数；`shlex.quote` 只作最后手段。',
      },
    },
    examples: { bad: 'os.system(f"convert {request.args[\'file\']} out.png")\nexec(`git clone ${req.body.url}`)', good: 'subprocess.run(["convert", path, "out.png"], check=True)\nexecFile("git", ["clone", "--", url])' },
    refs: ['https://cwe.mitre.org/data/definitions/78.html', 'https://docs.python.org/3/library/subprocess.html#security-considerations'],
  },
  create(ctx) {
    const enqueues: PyEnqueue[] = [];
    const taskSinks: { task: PyTask; param: string; call: string; evidence: { path: string; line: number; column: number }[] }[] = [];
    return {
      python(file) {
        if (isTestPath(file.path) || !mentionsPyShellOrEnqueue(file.text)) return;
        const imports = pyImportsOf(file);
        forEachPyCall(file, ({ call, fn, taint }) => {
          const enqueue = pyEnqueueOf(call, taint, imports, file.path);
          if (enqueue) enqueues.push(enqueue);
          const name = call.name ?? '';
          const viaShell = PY_SHELL.has(name) || (PY_SHELL_OPTION.has(name) && literalValue(call.kwargs.get('shell')) === true);
          if (!viaShell) return;
          const command = call.args[0] ?? call.kwargs.get('args') ?? call.kwargs.get('cmd') ?? call.kwargs.get('command');
          if (!command || stringValue(command) !== undefined || literalValue(command) !== undefined) return;
          if (pyShellQuoted(command, imports, fn)) return;
          const source = taint.sourceOf(command);
          const evidence = [{ path: file.path, line: lineOf(call.node), column: columnOf(call.node) }];
          const task = source ? undefined : pyTaskOf(fn, file.path);
          // A task parameter in the command: graded in done(), once every enqueue has been seen.
          const param = task && fn ? pyTaint(fn, imports, { handler: true }).sourceOf(command) : undefined;
          if (task && param) taskSinks.push({ task, param, call: `${call.written}()`, evidence });
          else ctx.report({ ...injectionGrade(source), data: { call: `${call.written}()`, source: source ? `\`${source}\`` : '' }, evidence });
        });
      },
      js(file) {
        if (isTestPath(file.path)) return;
        const constants = jsConstantsOf(file);
        forEachJsCall(file, ctx.inventory, ({ node, name, written, args, taint }) => {
          let viaShell = JS_SHELL.has(name);
          if (JS_SHELL_OPTION.has(name)) {
            const options = args.find((a) => a.type === 'ObjectExpression');
            viaShell = staticValue(objectProperty(options, 'shell'), constants) === true;
          }
          if (!viaShell) return;
          const command = args[0];
          if (!command || isKnown(staticValue(command, constants))) return;
          // spawn('sh', ['-c', x], { shell: true }) and friends: the arguments are shell text too.
          const shellText = JS_SHELL_OPTION.has(name) ? args.filter((a) => a.type !== 'ObjectExpression') : [command];
          const source = shellText.map((a) => taint.sourceOf(a)).find(Boolean);
          ctx.report({ ...injectionGrade(source), data: { call: `${written}()`, source: source ? `\`${source}\`` : '' }, evidence: [{ path: file.path, line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 }] });
        });
      },
      done() {
        for (const sink of taskSinks) {
          const fed = enqueuedSource(sink.task, sink.param, enqueues);
          const source = fed ? { en: `\`${fed.source}\` (passed in by \`${fed.via}\`)`, zh: `\`${fed.source}\`（经 \`${fed.via}\` 传入）` } : '';
          ctx.report({ ...injectionGrade(fed?.source), data: { call: sink.call, source }, evidence: sink.evidence });
        }
      },
    };
  },
});

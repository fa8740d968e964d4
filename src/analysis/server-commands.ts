import { basenameOf, programWords, simpleCommands } from './shell.js';

/**
 * What a container command runs: a production server, a development server (file watchers,
 * auto-reload, debug servers), a one-shot job, or something prodcheck cannot tell.
 */
export type CommandKind = 'dev-server' | 'server' | 'job' | 'unknown';

export interface CommandVerdict {
  kind: CommandKind;
  /** The words that decided it, for messages: `uvicorn --reload`, `npm run dev`. */
  what: string;
}

/** `package.json` scripts next to the build, to see what `npm start` really runs. */
export type Scripts = Record<string, string>;

const PYTHON = /^python(?:\d(?:\.\d+)?)?$/;
const SERVER_FILES = new Set(['app.py', 'main.py', 'server.py', 'run.py', 'wsgi.py', 'asgi.py', 'api.py', 'web.py', 'application.py', 'serve.py']);
const JOB_FILE = /(?:^|[-_./])(?:migrat\w*|seed\w*|script|scripts|setup|init\w*|bootstrap|test\w*|build|task|tasks|job|jobs|cron|backup|export|import|cli|train\w*|ingest\w*|worker)(?:[-_.]|$)/i;
const PY_SERVERS = new Set(['uvicorn', 'gunicorn', 'hypercorn', 'daphne', 'granian', 'waitress-serve', 'uwsgi']);
const NATIVE_SERVERS = new Set([
  'nginx', 'httpd', 'apache2-foreground', 'apache2ctl', 'caddy', 'php-fpm', 'traefik', 'envoy', 'haproxy', 'pm2-runtime',
  'serve', 'http-server', 'supervisord', 'catalina.sh', 'openresty',
]);
const SERVER_BINARIES = new Set(['server', 'api', 'web', 'webserver', 'app-server', 'api-server', 'gateway', 'httpserver']);
const JS_DEV = new Set(['nodemon', 'ts-node-dev', 'webpack-dev-server', 'react-scripts', 'vue-cli-service', 'ng', 'gatsby']);
const JS_FRAMEWORK_CLI = new Set(['next', 'nuxt', 'nuxi', 'astro', 'remix', 'vite', 'svelte-kit', 'nest']);
const RUNNERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
const DEV_SCRIPT = /^(?:dev|develop|development|serve|watch|start[:-]dev|dev[:-]\w+)$/;
const JOB_SCRIPT = /^(?:build|test|lint|migrate|seed|typecheck|check|format)(?:[:-]\w+)?$/;

/**
 * What a Python program the command names does, looked up in the repository: `-m app.server`
 * (`{ module: 'app.server' }`) or `python src/api.py` (`{ file: 'src/api.py' }`, as written).
 * `undefined` when the file is not in the repository or does not tell.
 */
export type PythonProgramLookup = (program: { module: string } | { file: string }) => CommandVerdict | undefined;

interface Env {
  scripts: Scripts;
  python?: PythonProgramLookup;
}

/** The verdict for a whole container command (ENTRYPOINT + CMD words, or a shell script). */
export function classifyCommand(words: readonly string[], scripts: Scripts = {}, python?: PythonProgramLookup): CommandVerdict {
  return classifyCommands(expandShell(words), { scripts, python }, 0);
}

/** `sh -c "…"` and shell-form scripts are read as the commands they run. */
function expandShell(words: readonly string[]): string[][] {
  const program = programWords(words);
  const name = basenameOf(program[0] ?? '');
  if (['sh', 'bash', 'ash', 'dash', 'zsh'].includes(name)) {
    const c = program.findIndex((w) => /^-\w*c$/.test(w));
    if (c >= 0 && program[c + 1] !== undefined) return simpleCommands(program[c + 1]);
  }
  return [program];
}

function classifyCommands(commands: string[][], env: Env, depth: number): CommandVerdict {
  const verdicts = commands.map((c) => classifySimple(programWords(c), env, depth));
  return (
    verdicts.find((v) => v.kind === 'dev-server') ??
    verdicts.find((v) => v.kind === 'server') ??
    verdicts.find((v) => v.kind === 'job') ?? { kind: 'unknown', what: '' }
  );
}

function classifySimple(words: string[], env: Env, depth: number): CommandVerdict {
  if (!words.length) return { kind: 'unknown', what: '' };
  const program = basenameOf(words[0]);
  const args = words.slice(1);
  const show = (n = 3) => words.slice(0, n).map(basenameOf).join(' ');

  if (PY_SERVERS.has(program)) {
    return args.includes('--reload') || args.some((a) => a.startsWith('--reload'))
      ? { kind: 'dev-server', what: `${program} --reload` }
      : { kind: 'server', what: program };
  }
  if (PYTHON.test(program)) return classifyPython(args, env, depth);
  if (program === 'flask') return args[0] === 'run' ? { kind: 'dev-server', what: 'flask run' } : { kind: 'unknown', what: '' };
  if (program === 'fastapi') return args[0] === 'dev' ? { kind: 'dev-server', what: 'fastapi dev' } : args[0] === 'run' ? { kind: 'server', what: 'fastapi run' } : { kind: 'unknown', what: '' };
  if (program === 'django-admin' && args[0] === 'runserver') return { kind: 'dev-server', what: 'django-admin runserver' };
  if (program === 'streamlit' && args[0] === 'run') return { kind: 'server', what: 'streamlit run' };
  if (program === 'alembic' || program === 'pytest' || program === 'jest' || program === 'vitest') return { kind: 'job', what: program };

  if (program === 'node' || program === 'bun' || program === 'deno' || program === 'tsx' || program === 'ts-node') {
    if (args.includes('--watch') || (program === 'tsx' && args[0] === 'watch') || (program === 'bun' && args.includes('--hot'))) {
      return { kind: 'dev-server', what: `${program} --watch` };
    }
    if (program === 'bun') {
      const sub = args[0] === 'run' ? args[1] : args[0];
      if (sub && !sub.includes('.') && !sub.startsWith('-')) return classifyScript('bun', sub, env, depth);
    }
    const file = args.find((a) => !a.startsWith('-') && a !== 'run');
    if (!file) return { kind: 'unknown', what: '' };
    return JOB_FILE.test(basenameOf(file)) ? { kind: 'job', what: `${program} ${file}` } : { kind: 'server', what: `${program} ${file}` };
  }
  if (RUNNERS.has(program)) {
    const [first, second] = args;
    if (first === 'start' || first === 't' || first === 'test') return classifyScript(program, first === 't' ? 'test' : first, env, depth);
    if ((first === 'run' || first === 'run-script') && second) return classifyScript(program, second, env, depth);
    if (program !== 'npm' && first && !first.startsWith('-') && !['install', 'add', 'ci', 'exec', 'dlx', 'x'].includes(first)) {
      return classifyScript(program, first, env, depth);
    }
    return { kind: 'unknown', what: '' };
  }
  if (program === 'npx' || program === 'pnpx') return classifySimple(args.filter((a) => !a.startsWith('-')), env, depth);
  if (JS_DEV.has(program)) {
    if (program === 'react-scripts' && args[0] !== 'start') return { kind: 'job', what: show(2) };
    if (program === 'ng' && args[0] !== 'serve') return { kind: 'job', what: show(2) };
    if (program === 'gatsby' && args[0] !== 'develop') return args[0] === 'serve' ? { kind: 'server', what: show(2) } : { kind: 'job', what: show(2) };
    if (program === 'vue-cli-service' && args[0] !== 'serve') return { kind: 'job', what: show(2) };
    return { kind: 'dev-server', what: show(2) };
  }
  if (program === 'webpack') return args[0] === 'serve' ? { kind: 'dev-server', what: 'webpack serve' } : { kind: 'job', what: 'webpack' };
  if (JS_FRAMEWORK_CLI.has(program)) {
    const sub = args[0];
    if (program === 'vite' && (sub === undefined || sub === 'dev' || sub === 'serve' || sub.startsWith('-'))) return { kind: 'dev-server', what: 'vite' };
    if (program === 'nest') {
      if (args.includes('--watch') || args.includes('--dev')) return { kind: 'dev-server', what: 'nest start --watch' };
      return sub === 'start' ? { kind: 'server', what: 'nest start' } : { kind: 'job', what: show(2) };
    }
    if (sub === 'dev' || sub === 'develop') return { kind: 'dev-server', what: `${program} dev` };
    if (sub === 'start' || sub === 'preview' || sub === 'serve') return { kind: 'server', what: `${program} ${sub}` };
    return { kind: 'job', what: show(2) };
  }
  if (program === 'php') {
    if (args[0] === '-S') return { kind: 'dev-server', what: 'php -S' };
    if (args[0] === 'artisan' && args[1] === 'serve') return { kind: 'dev-server', what: 'php artisan serve' };
    return { kind: 'unknown', what: '' };
  }
  if (program === 'java') return args.includes('-jar') || args.includes('-cp') || args.includes('-classpath') ? { kind: 'server', what: 'java -jar' } : { kind: 'unknown', what: '' };
  if (program === 'dotnet') return args[0] === 'watch' ? { kind: 'dev-server', what: 'dotnet watch' } : args[0]?.endsWith('.dll') ? { kind: 'server', what: `dotnet ${args[0]}` } : { kind: 'unknown', what: '' };
  if (NATIVE_SERVERS.has(program)) return { kind: 'server', what: program };
  if (SERVER_BINARIES.has(program)) return { kind: 'server', what: words[0] };
  return { kind: 'unknown', what: '' };
}

function classifyPython(args: string[], env: Env, depth: number): CommandVerdict {
  const rest = args.filter((a) => !/^-[uBOE]+$/.test(a));
  if (rest[0] === '-m') {
    const module = rest[1] ?? '';
    if (module === 'http.server') return { kind: 'dev-server', what: 'python -m http.server' };
    if (module === 'flask' && rest[2] === 'run') return { kind: 'dev-server', what: 'python -m flask run' };
    if (module === 'pytest' || module === 'unittest' || module === 'alembic') return { kind: 'job', what: `python -m ${module}` };
    const tool = classifySimple(rest.slice(1), env, depth);
    if (tool.kind !== 'unknown') return tool;
    return (/^[\w.]+$/.test(module) && env.python?.({ module })) || tool;
  }
  const file = rest[0];
  if (!file) return { kind: 'unknown', what: '' };
  const name = basenameOf(file);
  if (name === 'manage.py') {
    const sub = rest[1];
    if (sub === 'runserver' || sub === 'runserver_plus') return { kind: 'dev-server', what: 'python manage.py runserver' };
    return { kind: 'job', what: `python manage.py ${sub ?? ''}`.trim() };
  }
  if (SERVER_FILES.has(name)) return { kind: 'server', what: `python ${file}` };
  return env.python?.({ file }) ?? { kind: 'job', what: `python ${file}` };
}

function classifyScript(runner: string, name: string, env: Env, depth: number): CommandVerdict {
  const label = `${runner} ${runner === 'npm' && name !== 'start' && name !== 'test' ? 'run ' : ''}${name}`;
  const body = env.scripts[name];
  if (body !== undefined && depth < 3) {
    const inner = classifyCommands(simpleCommands(body), env, depth + 1);
    if (inner.kind !== 'unknown') return { kind: inner.kind, what: inner.kind === 'dev-server' ? `${label} (${inner.what})` : label };
  }
  if (DEV_SCRIPT.test(name)) return { kind: 'dev-server', what: label };
  if (JOB_SCRIPT.test(name)) return { kind: 'job', what: label };
  if (name === 'start' || /^(?:start|serve)[:-]prod(?:uction)?$/.test(name)) return { kind: 'server', what: label };
  return { kind: 'unknown', what: '' };
}

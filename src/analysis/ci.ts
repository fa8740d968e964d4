import { parseAllDocuments } from 'yaml';
import { basename } from '../io/paths.js';
import { basenameOf, programWords, simpleCommands } from './shell.js';

/** CI configurations by path: GitHub/Gitea/Forgejo Actions, GitLab, CircleCI, Azure, Jenkins, … */
const CI_PATHS: RegExp[] = [
  /^\.(?:github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/,
  /^\.gitlab-ci\.ya?ml$/,
  /^\.circleci\/config\.ya?ml$/,
  /^(?:\.azure-pipelines\/[^/]+|azure-pipelines[^/]*)\.ya?ml$/,
  /(?:^|\/)Jenkinsfile(?:\.[\w-]+)?$/,
  /^bitbucket-pipelines\.ya?ml$/,
  /^\.drone\.ya?ml$/,
  /^\.woodpecker(?:\.ya?ml|\/[^/]+\.ya?ml)$/,
  /^\.travis\.ya?ml$/,
  /^(?:\.buildkite\/[^/]+|buildkite)\.ya?ml$/,
  /^(?:cloudbuild|\.?appveyor|codefresh|bitrise|buildspec|\.cirrus)\.ya?ml$/,
  /^\.semaphore\/[^/]+\.ya?ml$/,
  /^\.tekton\/[^/]+\.ya?ml$/,
];

export function isCiConfigPath(path: string): boolean {
  return CI_PATHS.some((re) => re.test(path));
}

const TEST_PROGRAMS = new Set([
  'pytest', 'py.test', 'tox', 'nox', 'jest', 'vitest', 'mocha', 'ava', 'tap', 'karma', 'phpunit', 'pest', 'rspec', 'behave',
  'nosetests', 'ctest', 'ward', 'unittest', 'cypress', 'playwright', 'testcafe', 'jasmine', 'bats',
]);
const TEST_SUBCOMMANDS: Record<string, RegExp> = {
  go: /^test$/,
  cargo: /^(?:test|nextest)$/,
  dotnet: /^test$/,
  deno: /^test$/,
  mvn: /^(?:test|verify|package|install)$/,
  mvnw: /^(?:test|verify|package|install)$/,
  gradle: /^(?:test|check|build)$/,
  gradlew: /^(?:test|check|build)$/,
  make: /test|check|^ci$|verify/,
  just: /test|check/,
  task: /test|check/,
  rake: /^(?:test|spec)/,
  mix: /^test$/,
  swift: /^test$/,
  flutter: /^test$/,
  hatch: /^test$/,
  turbo: /test/,
  nx: /test/,
  'manage.py': /^test$/,
  'django-admin': /^test$/,
};
const RUNNERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
/** Wrappers that run another program: `poetry run pytest`, `npx jest`, `python -m pytest`. */
const WRAPPERS: Record<string, number> = { npx: 1, pnpx: 1, bunx: 1 };
const RUN_WRAPPERS = new Set(['poetry', 'uv', 'pipenv', 'pdm', 'rye', 'hatch', 'bundle', 'conda']);

/** Whether a shell script runs tests; `scripts` resolves `npm run X` through package.json. */
export function runsTests(script: string, scripts: Record<string, string> = {}, depth = 0): boolean {
  return simpleCommands(script).some((words) => isTestCommand(words, scripts, depth));
}

function isTestCommand(input: string[], scripts: Record<string, string>, depth: number): boolean {
  let words = programWords(input);
  for (let hops = 0; hops < 4 && words.length; hops++) {
    const program = basenameOf(words[0]);
    if (WRAPPERS[program] !== undefined) words = words.slice(1).filter((w) => !w.startsWith('-'));
    else if (RUN_WRAPPERS.has(program) && ['run', 'exec'].includes(words[1] ?? '')) words = words.slice(2);
    else if (/^python(?:\d(?:\.\d+)?)?$/.test(program) && words[1] === '-m') words = words.slice(2);
    else if (/^python(?:\d(?:\.\d+)?)?$/.test(program) && basenameOf(words[1] ?? '') === 'manage.py') words = words.slice(1);
    else break;
  }
  if (!words.length) return false;
  const program = basenameOf(words[0]);
  const args = words.slice(1).filter((a) => !a.startsWith('-'));
  if (TEST_PROGRAMS.has(program)) return true;
  const sub = TEST_SUBCOMMANDS[program];
  if (sub) return args.some((a) => sub.test(a));
  if (RUNNERS.has(program)) {
    const name = args[0] === 'run' || args[0] === 'run-script' ? args[1] : args[0];
    if (!name) return false;
    if (/^(?:t|test|tests)(?:[:-].*)?$/.test(name) || /(?:^|[:-])test/.test(name)) return true;
    const body = scripts[name];
    return body !== undefined && depth < 3 && runsTests(body, scripts, depth + 1);
  }
  // `./scripts/run_tests.sh`, `bin/test`, `ci/test.sh`
  return /(?:^|[-_.])tests?(?:[-_.]|$)/.test(basename(program)) && !/latest/.test(program);
}

/** Every string of a YAML CI file that may be a command (`run:`, `script:`, `commands:`, …). */
export function yamlCommandStrings(text: string): string[] {
  const out: string[] = [];
  const visit = (value: unknown, key: string | undefined) => {
    if (typeof value === 'string') {
      if (key === undefined || /^(?:run|script|scripts|before_script|after_script|commands?|steps|cmd|test|inline|inlineScript|bash|pwsh|powershell|sh|install|build|uses|template|test_script|build_script)$/i.test(key)) out.push(value);
      return;
    }
    if (Array.isArray(value)) value.forEach((v) => visit(v, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  try {
    for (const doc of parseAllDocuments(text)) visit(doc.toJS({ maxAliasCount: 100 }), undefined);
  } catch {
    // An unparsable CI file says nothing.
  }
  return out;
}

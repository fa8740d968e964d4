import type { Node } from '@babel/types';
import { frameworkName } from '../../src/analysis/framework-names.js';
import { defineRule } from '../../src/engine/rule.js';
import { pyImportsOf } from '../../src/analysis/facts.js';
import { memberPath, walk as walkJs } from '../../src/analysis/js/index.js';
import { dottedName, qualify, stringValue, walk } from '../../src/analysis/python/index.js';
import { sharedServiceCollector } from '../../src/analysis/service.js';
import { basename, isExamplePath, isTestPath } from '../../src/io/paths.js';

/** Variables that select an environment. */
const ENV_SWITCH = new Set([
  'APP_ENV', 'ENV', 'ENVIRONMENT', 'APP_ENVIRONMENT', 'NODE_ENV', 'FLASK_ENV', 'DJANGO_SETTINGS_MODULE', 'PYTHON_ENV',
  'STAGE', 'DEPLOY_ENV', 'RUN_ENV', 'RUNTIME_ENV', 'APP_STAGE', 'SPRING_PROFILES_ACTIVE', 'ENV_FOR_DYNACONF', 'SETTINGS_MODULE',
]);
/** Settings fields that pydantic-settings / dataclasses fill from the environment. */
const ENV_FIELD = /^(?:env|environment|app_env|app_environment|stage|deploy_env)$/i;
/** A single config file: data, or code that reads nothing from the environment. */
const CONFIG_DATA = /^(?:config|settings|app[-_.]?config|application)\.(?:ya?ml|json|toml|ini)$/i;
const CONFIG_CODE = /^(?:config|settings)\.(?:py|[cm]?[jt]s)$/i;
/** Files or folders that exist per environment. */
const ENV_NAME = '(?:prod|production|staging|stage|stg|dev|development|local|test|testing|qa|uat|preprod|sandbox)';
const PER_ENV_FILE = new RegExp(`(?:^|/)(?:\\.env\\.${ENV_NAME}[\\w.-]*|(?:config|settings|application|app|values)[._-]${ENV_NAME}(?:[._-][\\w.-]*)?|${ENV_NAME}\\.(?:ya?ml|json|toml|ini|py|[cm]?[jt]s|env))$`, 'i');
const PER_ENV_DIR = new RegExp(`(?:^|/)(?:environments?|envs|overlays|config/${ENV_NAME}|settings/${ENV_NAME})(?:/|$)`, 'i');

const ENV_READ_CALL = /^(?:os\.getenv|os\.environ\.get|os\.environ\.setdefault|decouple\.config|environ\.Env.*|dotenv\.load_dotenv)$/;

/**
 * Whether a Python file may read the environment by call or `os.environ`. Sound: every name
 * `ENV_READ_CALL` matches holds one of these words in one dotted segment, which comes from the
 * callee as written (the text) or from an import target (a relative import may take it from the path).
 */
function mentionsEnvRead(text: string, imports: Map<string, string>): boolean {
  if (ENV_READ_WORD.test(text)) return true;
  for (const target of imports.values()) if (ENV_READ_WORD.test(target)) return true;
  return false;
}
const ENV_READ_WORD = /getenv|environ|decouple|dotenv/;

/**
 * Whether a Python string may equal an `ENV_SWITCH` name. Sound: each holds `ENV`, `STAGE`,
 * `SETTINGS_MODULE` or `SPRING_PROFILES_ACTIVE`, written as is unless an escape (`\E`, a line
 * continuation) spells a letter of it.
 */
function mayNameEnvSwitch(text: string): boolean {
  return /ENV|STAGE|SETTINGS_MODULE|SPRING_PROFILES_ACTIVE/.test(text) || /\\[A-Z_\r\n]/.test(text);
}
/** Every `ENV_FIELD` name holds one of these (identifiers are written as is). */
const ENV_FIELD_WORD = /env|stage/i;

const JS_WRAPPERS = new Set(['TSNonNullExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'TypeCastExpression', 'ParenthesizedExpression']);

/** The last segment `memberPath` gives a member expression, without building the path. */
function propertyName(node: Node & { type: 'MemberExpression' | 'OptionalMemberExpression' }): string | undefined {
  const p = node.property;
  if (node.computed) return p.type === 'StringLiteral' ? p.value : undefined;
  return p.type === 'Identifier' ? p.name : undefined;
}

/**
 * Whether `memberPath(node)` may be `process.env[.X]` or `import.meta.env[.X]`. Sound: such a path
 * ends in `env`, or its object (through the wrappers `memberPath` sees through) does.
 */
function mayReadEnv(node: Node & { type: 'MemberExpression' | 'OptionalMemberExpression' }): boolean {
  if (propertyName(node) === 'env') return true;
  let object: Node = node.object;
  while (JS_WRAPPERS.has(object.type)) object = (object as Node & { expression: Node }).expression;
  return (object.type === 'MemberExpression' || object.type === 'OptionalMemberExpression') && propertyName(object) === 'env';
}

interface FileEnvFacts {
  path: string;
  /** Reads an environment switch (`APP_ENV`, `NODE_ENV`…) or declares an `environment` setting. */
  switches: boolean;
  /** Reads any environment variable. */
  readsEnv: boolean;
}

export default defineRule({
  meta: {
    id: 'config/no-env-layering',
    priority: 'P2',
    category: 'deployment',
    kinds: ['js', 'python'],
    messages: {
      single: {
        en: '`{{file}}` is the only configuration of the {{framework}} service and nothing selects an environment (no `APP_ENV`/`NODE_ENV` switch, no per-environment files or placeholders).',
        zh: '`{{file}}` 是该 {{framework}} 服务唯一的配置，且没有任何环境区分（没有 `APP_ENV`/`NODE_ENV` 开关、没有按环境拆分的文件或占位变量）。',
      },
    },
    docs: {
      en: {
        title: 'One configuration for every environment',
        why: 'Development, staging and production need different hosts, credentials, debug flags and limits; with a single file and no environment switch, the same values are used everywhere or edited by hand before each deploy.',
        risk: 'Development settings (debug on, test databases, open CORS) reach production, or production credentials leak into development: configuration mix-ups cause incidents.',
        fix: 'Layer the configuration: a base file plus per-environment overrides selected by `APP_ENV`/`NODE_ENV` (or `DJANGO_SETTINGS_MODULE`), with secrets and hosts read from environment variables; validate the result at start-up.',
      },
      zh: {
        title: '环境配置未分层',
        why: '开发、预发与生产需要不同的主机、凭据、调试开关与限制；只有一个配置文件又没有环境开关时，要么所有环境共用同一套值，要么每次发布前手工修改。',
        risk: '开发配置（调试开启、测试数据库、放开的 CORS）进入生产，或生产凭据泄露到开发环境：配置混用导致事故。',
        fix: '配置分层：基础配置 + 由 `APP_ENV`/`NODE_ENV`（或 `DJANGO_SETTINGS_MODULE`）选择的各环境覆盖，密钥与主机从环境变量读取，并在启动时校验。',
      },
    },
    examples: {
      bad: 'config/config.yaml   (one file, hosts and flags inline)\nmain.py: yaml.safe_load(open("config/config.yaml"))',
      good: 'config/base.yaml + config/production.yaml\nmain.py: load(f"config/{os.environ[\'APP_ENV\']}.yaml")',
    },
    refs: ['https://12factor.net/config'],
  },
  create(ctx) {
    const services = sharedServiceCollector(ctx.inventory);
    const files: FileEnvFacts[] = [];
    return {
      js(file) {
        services.js(file);
        if (isTestPath(file.path) || isExamplePath(file.path)) return;
        const facts: FileEnvFacts = { path: file.path, switches: false, readsEnv: false };
        walkJs(file.model.ast, (node: Node) => {
          if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
          if (!mayReadEnv(node)) return undefined;
          const path = memberPath(node);
          if (!path) return undefined;
          const m = /^(?:process\.env|import\.meta\.env)(?:\.(\w+))?$/.exec(path);
          if (!m) return undefined;
          facts.readsEnv = true;
          if (m[1] && (ENV_SWITCH.has(m[1]) || m[1] === 'MODE' || m[1] === 'PROD' || m[1] === 'DEV')) facts.switches = true;
          return undefined;
        });
        files.push(facts);
      },
      python(file) {
        services.python(file);
        if (isTestPath(file.path) || isExamplePath(file.path)) return;
        const facts: FileEnvFacts = { path: file.path, switches: false, readsEnv: false };
        const imports = pyImportsOf(file);
        const text = file.text;
        let wantCalls = mentionsEnvRead(text, imports);
        let wantStrings = mayNameEnvSwitch(text);
        let wantFields = ENV_FIELD_WORD.test(text);
        // One walk for the three checks below; each stops once its answer is known.
        if (wantCalls || wantStrings || wantFields) {
          walk(file.model.root, (node) => {
            if (!wantCalls && !wantStrings && !wantFields) return false;
            switch (node.type) {
              case 'call':
                if (wantCalls && ENV_READ_CALL.test(qualify(dottedName(node.childForFieldName('function')), imports) ?? '')) {
                  facts.readsEnv = true;
                  wantCalls = false;
                }
                break;
              case 'attribute':
                if (wantCalls && node.text === 'os.environ') {
                  facts.readsEnv = true;
                  wantCalls = false;
                }
                break;
              case 'string':
                if (wantStrings) {
                  const value = stringValue(node);
                  if (value && ENV_SWITCH.has(value)) {
                    facts.switches = true;
                    wantStrings = wantFields = false;
                  }
                }
                break;
              case 'assignment':
                // pydantic BaseSettings / dataclass fields named `environment` are filled from the environment.
                if (wantFields) {
                  const left = node.childForFieldName('left');
                  const inClassBody = node.parent?.type === 'expression_statement' && node.parent.parent?.type === 'block' && node.parent.parent.parent?.type === 'class_definition';
                  if (left?.type === 'identifier' && ENV_FIELD.test(left.text) && inClassBody) {
                    facts.switches = true;
                    wantStrings = wantFields = false;
                  }
                }
                break;
            }
            return undefined;
          });
        }
        if ([...imports.values()].some((i) => /^(?:pydantic_settings|pydantic\.BaseSettings|dynaconf|hydra|environs)/.test(i))) facts.readsEnv = true;
        files.push(facts);
      },
      done() {
        const inventory = ctx.inventory;
        if (inventory.files.some((f) => PER_ENV_FILE.test(f.path)) || inventory.gitignored.some((g) => PER_ENV_FILE.test(g.replace(/\/$/, '')))) return;
        if (inventory.dirs.some((d) => PER_ENV_DIR.test(d))) return;
        const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
        const sortedFacts = [...files].sort(byPath);
        const sortedFiles = [...inventory.files].sort(byPath);
        for (const service of services.services()) {
          const mine = underDir(sortedFacts, service.dir);
          if (mine.some((f) => f.switches)) continue;
          const candidates = underDir(sortedFiles, service.dir).filter((f) => {
            if (isTestPath(f.path) || isExamplePath(f.path)) return false;
            const name = basename(f.path);
            if (CONFIG_DATA.test(name)) return !/\$\{\w+/.test(inventory.text(f.path) ?? '') && !name.startsWith('package');
            return CONFIG_CODE.test(name);
          });
          // Exactly one configuration: several are already some kind of layering we cannot judge.
          if (candidates.length !== 1) continue;
          const config = candidates[0];
          if (CONFIG_CODE.test(basename(config.path)) && mine.find((f) => f.path === config.path)?.readsEnv !== false) continue;
          // A data file stays one for all environments even when a few secrets come from env vars.
          ctx.report({
            messageId: 'single',
            data: { file: config.path, framework: frameworkName(service.framework) },
            evidence: [{ path: config.path }, { path: service.entry.path, line: service.entry.line }],
          });
        }
      },
    };
  },
});

/**
 * The entries under a folder ('' is the root) of a list sorted by path: one contiguous run, found
 * by binary search, so each service costs its own files rather than the whole repository.
 */
function underDir<T extends { path: string }>(sorted: readonly T[], dir: string): readonly T[] {
  if (dir === '') return sorted;
  const prefix = `${dir}/`;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid].path < prefix) low = mid + 1;
    else high = mid;
  }
  let end = low;
  while (end < sorted.length && sorted[end].path.startsWith(prefix)) end++;
  return sorted.slice(low, end);
}

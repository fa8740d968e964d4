import type { Node } from '@babel/types';
import { frameworkName } from '../../src/analysis/framework-names.js';
import { defineRule } from '../../src/engine/rule.js';
import { pyImportsOf } from '../../src/analysis/facts.js';
import { memberPath, walk as walkJs } from '../../src/analysis/js/index.js';
import { callInfo, descendantsOfType, stringValue } from '../../src/analysis/python/index.js';
import { ServiceCollector } from '../../src/analysis/service.js';
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
    const services = new ServiceCollector(ctx.inventory);
    const files: FileEnvFacts[] = [];
    return {
      js(file) {
        services.js(file);
        if (isTestPath(file.path) || isExamplePath(file.path)) return;
        const facts: FileEnvFacts = { path: file.path, switches: false, readsEnv: false };
        walkJs(file.model.ast, (node: Node) => {
          if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
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
        for (const node of descendantsOfType(file.model.root, ['call', 'subscript', 'attribute'])) {
          if (node.type === 'call') {
            const name = callInfo(node, imports).name ?? '';
            if (/^(?:os\.getenv|os\.environ\.get|os\.environ\.setdefault|decouple\.config|environ\.Env.*|dotenv\.load_dotenv)$/.test(name)) facts.readsEnv = true;
          } else if (node.type === 'attribute' && node.text === 'os.environ') {
            facts.readsEnv = true;
          }
        }
        for (const node of descendantsOfType(file.model.root, 'string')) {
          const value = stringValue(node);
          if (value && ENV_SWITCH.has(value)) facts.switches = true;
        }
        // pydantic BaseSettings / dataclass fields named `environment` are filled from the environment.
        for (const node of descendantsOfType(file.model.root, 'assignment')) {
          const left = node.childForFieldName('left');
          const inClassBody = node.parent?.type === 'expression_statement' && node.parent.parent?.type === 'block' && node.parent.parent.parent?.type === 'class_definition';
          if (left?.type === 'identifier' && ENV_FIELD.test(left.text) && inClassBody) facts.switches = true;
        }
        if ([...imports.values()].some((i) => /^(?:pydantic_settings|pydantic\.BaseSettings|dynaconf|hydra|environs)/.test(i))) facts.readsEnv = true;
        files.push(facts);
      },
      done() {
        const inventory = ctx.inventory;
        if (inventory.files.some((f) => PER_ENV_FILE.test(f.path)) || inventory.gitignored.some((g) => PER_ENV_FILE.test(g.replace(/\/$/, '')))) return;
        if (inventory.dirs.some((d) => PER_ENV_DIR.test(d))) return;
        for (const service of services.services()) {
          const inService = (path: string) => service.dir === '' || path.startsWith(`${service.dir}/`);
          const mine = files.filter((f) => inService(f.path));
          if (mine.some((f) => f.switches)) continue;
          const candidates = inventory.files.filter((f) => {
            if (!inService(f.path) || isTestPath(f.path) || isExamplePath(f.path)) return false;
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

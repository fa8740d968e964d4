import { defineRule } from '../../src/engine/rule.js';
import { translated } from '../../src/engine/message-words.js';
import type { EvidenceInput, MessageValue, Priority, ReportDescriptor } from '../../src/engine/types.js';
import { composeOf, isDevComposeFile, type ComposeProject, type ComposeService } from '../../src/analysis/compose.js';
import { credentialIssues, type CredentialIssue } from './_credentials.js';
import { identifyService, isReachableFromOutside } from './_services.js';

export default defineRule({
  meta: {
    id: 'compose/default-credentials',
    priority: 'P0',
    category: 'security',
    kinds: ['compose'],
    messages: {
      weak: {
        en: '{{store}} service `{{service}}` sets `{{key}}` to the weak value `{{value}}`.',
        zh: '{{store}} 服务 `{{service}}` 的 `{{key}}` 是弱口令 `{{value}}`。',
      },
      weakDefault: {
        en: '{{store}} service `{{service}}` falls back to the weak value `{{value}}` for `{{key}}` (`{{raw}}`) whenever the variable is not set.',
        zh: '{{store}} 服务 `{{service}}` 的 `{{key}}`（`{{raw}}`）在变量未设置时回退为弱口令 `{{value}}`。',
      },
      weakDotenv: {
        en: '{{store}} service `{{service}}` gets the weak value `{{value}}` for `{{key}}` from `{{dotenv}}`.',
        zh: '{{store}} 服务 `{{service}}` 的 `{{key}}` 从 `{{dotenv}}` 取到弱口令 `{{value}}`。',
      },
      weakEnvFile: {
        en: '{{store}} service `{{service}}` gets the weak value `{{value}}` for `{{key}}` from its env_file `{{file}}`.',
        zh: '{{store}} 服务 `{{service}}` 的 `{{key}}` 从 env_file `{{file}}` 取到弱口令 `{{value}}`。',
      },
      weakCommand: {
        en: '{{store}} service `{{service}}` starts with `{{flag}} {{value}}`, a weak password.',
        zh: '{{store}} 服务 `{{service}}` 以 `{{flag}} {{value}}` 启动，密码过弱。',
      },
      default: {
        en: '{{store}} service `{{service}}` sets no {{keys}}, so it keeps the image\'s default login `{{credentials}}`.',
        zh: '{{store}} 服务 `{{service}}` 未设置 {{keys}}，沿用镜像默认账号 `{{credentials}}`。',
      },
      noauthSetting: {
        en: '{{store}} service `{{service}}` switches authentication off with `{{setting}}`.',
        zh: '{{store}} 服务 `{{service}}` 通过 `{{setting}}` 关闭了认证。',
      },
      noauthMissing: {
        en: '{{store}} service `{{service}}` runs without authentication: {{missing}}.',
        zh: '{{store}} 服务 `{{service}}` 未启用认证：{{missing}}。',
      },
    },
    docs: {
      en: {
        title: 'Default or weak credentials in compose',
        why: 'Official images fall back to well-known logins (MinIO `minioadmin`, Grafana `admin`, RabbitMQ `guest`) or run with no authentication at all (Redis, Mongo without a root user, Elasticsearch with security off); weak values also arrive through `${VAR:-default}` fallbacks and a committed `.env`.',
        risk: 'These logins are the first thing scanners and attackers try: whoever reaches the service takes over the data store, object storage or dashboards.',
        fix: 'Require every credential from the environment (`${MINIO_ROOT_PASSWORD:?must be set}`) or Docker secrets (`*_FILE`), with strong generated values kept out of the repository; enable authentication on Redis (`--requirepass`), Mongo and Elasticsearch.',
      },
      zh: {
        title: 'compose 中的默认或弱凭据',
        why: '官方镜像在未配置时会使用公开的默认账号（MinIO `minioadmin`、Grafana `admin`、RabbitMQ `guest`），或完全不做认证（Redis、未设 root 用户的 Mongo、关闭安全功能的 Elasticsearch）；弱口令也会经由 `${VAR:-默认值}` 回退或已提交的 `.env` 进入配置。',
        risk: '这些账号是扫描器和攻击者首先尝试的；任何能访问到服务的人都可以接管数据库、对象存储或监控面板。',
        fix: '所有凭据都从环境变量强制读取（`${MINIO_ROOT_PASSWORD:?must be set}`）或使用 Docker secrets（`*_FILE`），使用随机生成的强密码且不提交到仓库；为 Redis（`--requirepass`）、Mongo 和 Elasticsearch 开启认证。',
      },
    },
    examples: {
      bad: 'services:\n  minio:\n    image: minio/minio\n    environment:\n      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD:-minioadmin}',
      good: 'services:\n  minio:\n    image: minio/minio\n    environment:\n      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD:?must be set}',
    },
    refs: ['https://docs.docker.com/compose/how-tos/use-secrets/', 'https://docs.docker.com/reference/compose-file/interpolation/'],
    tags: ['security'],
  },
  create(ctx) {
    return {
      compose(file) {
        const project = composeOf(file, (p) => ctx.inventory.text(p));
        const dev = isDevComposeFile(file.path);
        for (const service of project.services) {
          const id = identifyService(service);
          if (!id) continue;
          for (const issue of credentialIssues(service, id)) {
            const report = describe(issue, service, id.label, project);
            const grade = grading(issue, service, dev);
            ctx.report({ ...report, ...grade });
          }
        }
      },
    };
  },
});

function describe(issue: CredentialIssue, service: ComposeService, store: string, project: ComposeProject): ReportDescriptor {
  const base = { store, service: service.name };
  switch (issue.kind) {
    case 'weak': {
      const s = issue.setting;
      const data = { ...base, key: issue.key, value: issue.value };
      const at: EvidenceInput = { path: s.path, line: s.line, column: s.column };
      if (s.origin === 'env_file') {
        return { messageId: 'weakEnvFile', data: { ...data, file: s.path }, evidence: [at], key: `${service.name}:${issue.key}` };
      }
      if (s.origin === 'dotenv' && project.dotenvPath) {
        return {
          messageId: 'weakDotenv',
          data: { ...data, dotenv: project.dotenvPath },
          evidence: [at, ...(s.dotenvLine ? [{ path: project.dotenvPath, line: s.dotenvLine }] : [])],
          key: `${service.name}:${issue.key}`,
        };
      }
      if (s.origin === 'default') {
        return { messageId: 'weakDefault', data: { ...data, raw: s.raw ?? '' }, evidence: [at], key: `${service.name}:${issue.key}` };
      }
      return { messageId: 'weak', data, evidence: [at], key: `${service.name}:${issue.key}` };
    }
    case 'weak-command':
      return {
        messageId: 'weakCommand',
        data: { ...base, flag: issue.flag, value: issue.value },
        evidence: [{ path: issue.spot.path, line: issue.spot.line, column: issue.spot.column }],
        key: `${service.name}:${issue.flag}`,
      };
    case 'default':
      return {
        messageId: 'default',
        data: { ...base, keys: issue.keys, credentials: issue.credentials },
        evidence: [{ path: issue.spot.path, line: issue.spot.line, column: issue.spot.column }],
        key: `${service.name}:default`,
      };
    case 'noauth-setting':
      return {
        messageId: 'noauthSetting',
        data: { ...base, setting: issue.text },
        evidence: [{ path: issue.setting.path, line: issue.setting.line, column: issue.setting.column }],
        key: `${service.name}:${issue.text}`,
      };
    case 'noauth-missing':
      return {
        messageId: 'noauthMissing',
        data: { ...base, missing: noneSet(issue.keys) },
        evidence: [{ path: issue.spot.path, line: issue.spot.line, column: issue.spot.column }],
        key: `${service.name}:noauth`,
      };
  }
}

/** `` `X` is not set `` / `` neither `A` nor `B` is set ``. */
function noneSet(keys: string[]): MessageValue {
  if (keys.length === 1) return translated(`${keys[0]} is not set`, `未设置 ${keys[0]}`);
  const enList = keys.length === 2 ? `neither ${keys[0]} nor ${keys[1]}` : `none of ${keys.join(', ')}`;
  return translated(`${enList} is set`, `${keys.join('、')} 均未设置`);
}

/**
 * P0 when the service is published on the host; inside the compose network only, a weak login is
 * P1 and authentication never set up (Redis's own default) P2. Development compose files are at most P2.
 */
function grading(issue: CredentialIssue, service: ComposeService, dev: boolean): { priority?: Priority; reason?: string } {
  if (dev) return { priority: 'P2', reason: 'a development compose file, not meant for servers' };
  if (issue.kind === 'default' && issue.lowered) return { priority: 'P1', reason: issue.lowered };
  if (isReachableFromOutside(service)) return {};
  return issue.kind === 'noauth-missing'
    ? { priority: 'P2', reason: 'no port is published on the host: only other containers on its network can reach it' }
    : { priority: 'P1', reason: 'no port is published on the host: only other containers on its network can reach it' };
}

import type { ComposeService, EnvSetting, Spot } from '../../src/analysis/compose.js';
import { isPublicWeakPassword } from '../../src/analysis/secrets/public-defaults.js';
import { tagMajor, type Identified } from './_services.js';

/**
 * What each known image does about credentials: which variables set them, what it falls back to
 * when none is set, and which settings switch authentication off. Values whose origin is unknown
 * (a variable the deploying shell sets, `${VAR:?}`, an env_file that is not committed) are trusted.
 */
export type CredentialIssue =
  | { kind: 'weak'; setting: EnvSetting; key: string; value: string }
  | { kind: 'weak-command'; spot: Spot; flag: string; value: string }
  | { kind: 'default'; spot: Spot; keys: string; credentials: string; lowered?: string }
  | { kind: 'noauth-setting'; setting: EnvSetting; text: string }
  | { kind: 'noauth-missing'; spot: Spot; keys: string[] };

const UNKNOWN_ORIGINS = new Set(['unset', 'required', 'passthrough']);

export function isWeak(value: string, user?: string): boolean {
  const v = value.trim().toLowerCase();
  return isPublicWeakPassword(v) || (user !== undefined && user !== '' && v === user.trim().toLowerCase());
}

const TRUTHY = new Set(['yes', 'true', '1', 'on', 'y']);

class Env {
  constructor(private readonly service: ComposeService) {}

  get(key: string): EnvSetting | undefined {
    return this.service.environment.get(key);
  }

  /** A value prodcheck can read (not left to the deploying shell). */
  known(key: string): EnvSetting | undefined {
    const s = this.get(key);
    return s && s.value !== undefined && !UNKNOWN_ORIGINS.has(s.origin) ? s : undefined;
  }

  /** Set in any way, or possibly set by an env_file the repository does not hold. */
  maybeSet(keys: string[]): boolean {
    return keys.some((k) => this.get(k) !== undefined) || this.service.envFiles.some((f) => !f.readable);
  }

  truthy(key: string): EnvSetting | undefined {
    const s = this.known(key);
    return s && TRUTHY.has(s.value!.trim().toLowerCase()) ? s : undefined;
  }

  falsy(key: string): EnvSetting | undefined {
    const s = this.known(key);
    return s && ['false', 'no', '0', 'off'].includes(s.value!.trim().toLowerCase()) ? s : undefined;
  }

  weak(keys: string[], userKeys: string[] = []): CredentialIssue[] {
    const user = userKeys.map((k) => this.known(k)?.value).find((v) => v !== undefined);
    const issues: CredentialIssue[] = [];
    for (const key of keys) {
      const s = this.known(key);
      if (s && isWeak(s.value!, user)) issues.push({ kind: 'weak', setting: s, key, value: s.value! });
    }
    return issues;
  }
}

function imageSpot(service: ComposeService): Spot {
  return service.image ? { path: service.image.path, line: service.image.line, column: service.image.column } : service;
}

function allWords(service: ComposeService): string[] {
  return [...(service.entrypoint?.words ?? []), ...(service.command?.words ?? [])];
}

function redis(service: ComposeService, env: Env, id: Identified): CredentialIssue[] {
  const issues = env.weak(['REDIS_PASSWORD']);
  const allowEmpty = env.truthy('ALLOW_EMPTY_PASSWORD');
  if (allowEmpty) issues.push({ kind: 'noauth-setting', setting: allowEmpty, text: 'ALLOW_EMPTY_PASSWORD=' + allowEmpty.value });
  const command = service.command;
  const flagAt = command?.words.indexOf('--requirepass') ?? -1;
  if (command && flagAt >= 0 && flagAt + 1 < command.words.length) {
    const part = command.parts[flagAt + 1];
    if (part.origin !== 'unset' && part.origin !== 'required' && isWeak(part.value)) {
      issues.push({ kind: 'weak-command', spot: command, flag: '--requirepass', value: part.value });
    }
    return issues;
  }
  const words = allWords(service);
  const configured =
    words.some((w) => /--requirepass|--aclfile|\.conf\b/.test(w)) ||
    env.maybeSet(['REDIS_PASSWORD', 'REDIS_PASSWORD_FILE', 'REDIS_ARGS']) ||
    service.volumes.some((v) => /\.conf$|\/usr\/local\/etc\/redis/.test(v.target ?? ''));
  // Bitnami's image refuses to start without a password unless ALLOW_EMPTY_PASSWORD says so.
  if (!configured && !id.bitnami) issues.push({ kind: 'noauth-missing', spot: imageSpot(service), keys: ['`--requirepass`', '`REDIS_PASSWORD`'] });
  return issues;
}

function postgres(_service: ComposeService, env: Env): CredentialIssue[] {
  const issues = env.weak(['POSTGRES_PASSWORD', 'POSTGRESQL_PASSWORD', 'POSTGRESQL_POSTGRES_PASSWORD'], ['POSTGRES_USER', 'POSTGRESQL_USERNAME']);
  const trust = env.known('POSTGRES_HOST_AUTH_METHOD');
  if (trust && trust.value!.trim().toLowerCase() === 'trust') {
    issues.push({ kind: 'noauth-setting', setting: trust, text: 'POSTGRES_HOST_AUTH_METHOD=trust' });
  }
  const allowEmpty = env.truthy('ALLOW_EMPTY_PASSWORD');
  if (allowEmpty) issues.push({ kind: 'noauth-setting', setting: allowEmpty, text: 'ALLOW_EMPTY_PASSWORD=' + allowEmpty.value });
  return issues;
}

function mysql(_service: ComposeService, env: Env): CredentialIssue[] {
  const issues = env.weak(
    ['MYSQL_ROOT_PASSWORD', 'MARIADB_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MARIADB_PASSWORD'],
    ['MYSQL_USER', 'MARIADB_USER'],
  );
  for (const key of ['MYSQL_ALLOW_EMPTY_PASSWORD', 'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD', 'MARIADB_ALLOW_EMPTY_PASSWORD', 'ALLOW_EMPTY_PASSWORD']) {
    const s = env.truthy(key);
    if (s) issues.push({ kind: 'noauth-setting', setting: s, text: `${key}=${s.value}` });
  }
  return issues;
}

function mongodb(service: ComposeService, env: Env, id: Identified): CredentialIssue[] {
  const issues = env.weak(['MONGO_INITDB_ROOT_PASSWORD', 'MONGODB_ROOT_PASSWORD', 'MONGODB_PASSWORD'], ['MONGO_INITDB_ROOT_USERNAME', 'MONGODB_ROOT_USER', 'MONGODB_USERNAME']);
  const allowEmpty = env.truthy('ALLOW_EMPTY_PASSWORD');
  if (allowEmpty) issues.push({ kind: 'noauth-setting', setting: allowEmpty, text: 'ALLOW_EMPTY_PASSWORD=' + allowEmpty.value });
  const keys = ['MONGO_INITDB_ROOT_PASSWORD', 'MONGO_INITDB_ROOT_PASSWORD_FILE', 'MONGODB_ROOT_PASSWORD', 'MONGODB_ROOT_PASSWORD_FILE'];
  const words = allWords(service);
  const configured = env.maybeSet(keys) || words.some((w) => /--auth\b|--keyFile|--config|\.conf\b/.test(w));
  if (!configured && !id.bitnami) {
    issues.push({ kind: 'noauth-missing', spot: imageSpot(service), keys: ['`MONGO_INITDB_ROOT_USERNAME`/`MONGO_INITDB_ROOT_PASSWORD`'] });
  }
  return issues;
}

function elasticsearch(service: ComposeService, env: Env, id: Identified): CredentialIssue[] {
  const issues = env.weak(['ELASTIC_PASSWORD']);
  const off = env.falsy('xpack.security.enabled') ?? env.falsy('XPACK_SECURITY_ENABLED');
  if (off) {
    issues.push({ kind: 'noauth-setting', setting: off, text: `${off.key}=${off.value}` });
    return issues;
  }
  // Before 8.0 security was off unless switched on.
  const major = tagMajor(id.tag);
  if (major !== undefined && major < 8 && !env.maybeSet(['xpack.security.enabled', 'XPACK_SECURITY_ENABLED'])) {
    issues.push({ kind: 'noauth-missing', spot: imageSpot(service), keys: ['`xpack.security.enabled=true`'] });
  }
  return issues;
}

function opensearch(_service: ComposeService, env: Env): CredentialIssue[] {
  const issues = env.weak(['OPENSEARCH_INITIAL_ADMIN_PASSWORD']);
  const off = env.truthy('DISABLE_SECURITY_PLUGIN') ?? env.truthy('plugins.security.disabled');
  if (off) issues.push({ kind: 'noauth-setting', setting: off, text: `${off.key}=${off.value}` });
  return issues;
}

function minio(service: ComposeService, env: Env): CredentialIssue[] {
  const issues = env.weak(['MINIO_ROOT_PASSWORD', 'MINIO_SECRET_KEY'], ['MINIO_ROOT_USER', 'MINIO_ACCESS_KEY']);
  const keys = ['MINIO_ROOT_PASSWORD', 'MINIO_SECRET_KEY', 'MINIO_ROOT_PASSWORD_FILE', 'MINIO_SECRET_KEY_FILE'];
  if (!env.maybeSet(keys) && isMinioServer(service)) {
    issues.push({ kind: 'default', spot: imageSpot(service), keys: '`MINIO_ROOT_PASSWORD`', credentials: 'minioadmin:minioadmin' });
  }
  return issues;
}

/** `minio/minio` runs a server only with `server …`; other commands are one-off clients. */
function isMinioServer(service: ComposeService): boolean {
  const words = allWords(service);
  return words.length === 0 || words.includes('server');
}

function grafana(service: ComposeService, env: Env): CredentialIssue[] {
  const issues = env.weak(['GF_SECURITY_ADMIN_PASSWORD'], ['GF_SECURITY_ADMIN_USER']);
  if (!env.maybeSet(['GF_SECURITY_ADMIN_PASSWORD', 'GF_SECURITY_ADMIN_PASSWORD__FILE'])) {
    issues.push({ kind: 'default', spot: imageSpot(service), keys: '`GF_SECURITY_ADMIN_PASSWORD`', credentials: 'admin:admin' });
  }
  return issues;
}

function rabbitmq(service: ComposeService, env: Env, id: Identified): CredentialIssue[] {
  const userKeys = ['RABBITMQ_DEFAULT_USER', 'RABBITMQ_USERNAME'];
  const issues = env.weak(['RABBITMQ_DEFAULT_PASS', 'RABBITMQ_PASSWORD'], userKeys);
  const user = userKeys.map((k) => env.known(k)?.value).find((v) => v !== undefined);
  const setKeys = ['RABBITMQ_DEFAULT_PASS', 'RABBITMQ_DEFAULT_PASS_FILE', 'RABBITMQ_PASSWORD', 'RABBITMQ_PASSWORD_FILE'];
  if (!env.maybeSet(setKeys) && (user === undefined || user === 'guest')) {
    issues.push(
      id.bitnami
        ? { kind: 'default', spot: imageSpot(service), keys: '`RABBITMQ_PASSWORD`', credentials: 'user:bitnami' }
        : {
            kind: 'default',
            spot: imageSpot(service),
            keys: '`RABBITMQ_DEFAULT_PASS`',
            credentials: 'guest:guest',
            lowered: 'RabbitMQ lets `guest` log in only from localhost unless loopback_users is changed',
          },
    );
  }
  return issues;
}

function neo4j(_service: ComposeService, env: Env): CredentialIssue[] {
  const auth = env.known('NEO4J_AUTH');
  if (!auth) return [];
  const value = auth.value!.trim();
  if (value.toLowerCase() === 'none') return [{ kind: 'noauth-setting', setting: auth, text: 'NEO4J_AUTH=none' }];
  const slash = value.indexOf('/');
  const password = slash >= 0 ? value.slice(slash + 1) : value;
  return isWeak(password, slash >= 0 ? value.slice(0, slash) : undefined) ? [{ kind: 'weak', setting: auth, key: 'NEO4J_AUTH', value }] : [];
}

function pgadmin(_service: ComposeService, env: Env): CredentialIssue[] {
  return env.weak(['PGADMIN_DEFAULT_PASSWORD']);
}

function couchdb(_service: ComposeService, env: Env): CredentialIssue[] {
  return env.weak(['COUCHDB_PASSWORD'], ['COUCHDB_USER']);
}

function influxdb(_service: ComposeService, env: Env): CredentialIssue[] {
  return env.weak(['DOCKER_INFLUXDB_INIT_PASSWORD', 'INFLUXDB_ADMIN_PASSWORD'], ['DOCKER_INFLUXDB_INIT_USERNAME']);
}

function mssql(_service: ComposeService, env: Env): CredentialIssue[] {
  return env.weak(['MSSQL_SA_PASSWORD', 'SA_PASSWORD']);
}

const CHECKS: Partial<Record<Identified['family'], (s: ComposeService, env: Env, id: Identified) => CredentialIssue[]>> = {
  redis,
  postgres,
  mysql,
  mongodb,
  elasticsearch,
  opensearch,
  minio,
  grafana,
  rabbitmq,
  neo4j,
  pgadmin,
  couchdb,
  influxdb,
  mssql,
};

export function credentialIssues(service: ComposeService, id: Identified): CredentialIssue[] {
  const check = CHECKS[id.family];
  return check ? check(service, new Env(service), id) : [];
}

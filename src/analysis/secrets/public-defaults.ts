/**
 * Passwords that are public knowledge: the documented defaults of official images (MinIO
 * `minioadmin`, Grafana `admin`, RabbitMQ `guest`, Neo4j `neo4j`, Elastic `changeme`) and the
 * dictionary words every scanner tries first. Reports name them: hiding `minioadmin` behind
 * `mi…[redacted 10 chars]` protects nothing and hides the finding.
 */
const PUBLIC_WEAK_PASSWORDS = new Set([
  '', 'admin', 'administrator', 'root', 'toor', 'password', 'passw0rd', 'pass', 'pwd', '123456', '1234567', '12345678',
  '123456789', '1234', '12345', '111111', '000000', 'qwerty', 'changeme', 'change_me', 'change-me', 'changeit', 'secret',
  'default', 'test', 'guest', 'user', 'demo', 'example', 'letmein', 'postgres', 'mysql', 'mariadb', 'redis', 'mongo',
  'mongodb', 'minioadmin', 'minio123', 'elastic', 'neo4j', 'rabbitmq', 'bitnami', 'grafana', 'pgadmin',
]);

export function isPublicWeakPassword(value: string): boolean {
  return PUBLIC_WEAK_PASSWORDS.has(value.trim().toLowerCase());
}

/** The values worth redacting: everything except the publicly known passwords above. */
export function redactableSecrets(values: readonly string[]): string[] {
  return values.filter((v) => !isPublicWeakPassword(v));
}

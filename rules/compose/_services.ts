import { nameTokens, parseImageRef, tagMajor } from '../../src/analysis/images.js';
import { bindsAllInterfaces } from '../../src/analysis/compose-ports.js';
import type { ComposeService } from '../../src/analysis/compose.js';

/** What a compose service runs, by its image (or, failing that, its name). */
export type ServiceFamily =
  | 'redis' | 'postgres' | 'mysql' | 'mongodb' | 'elasticsearch' | 'opensearch' | 'milvus' | 'minio' | 'rabbitmq'
  | 'memcached' | 'cassandra' | 'etcd' | 'clickhouse' | 'kafka' | 'zookeeper' | 'neo4j' | 'qdrant' | 'weaviate'
  | 'chroma' | 'couchdb' | 'influxdb' | 'mssql' | 'grafana' | 'pgadmin';

interface FamilySpec {
  label: string;
  /** Words of an image or service name that name it. */
  words: string[];
  /** The ports its own protocols listen on (empty: not a datastore). */
  ports: number[];
}

export const FAMILIES: Record<ServiceFamily, FamilySpec> = {
  redis: { label: 'Redis', words: ['redis', 'valkey', 'keydb', 'dragonfly'], ports: [6379] },
  postgres: { label: 'PostgreSQL', words: ['postgres', 'postgresql', 'postgis', 'pgvector', 'timescaledb'], ports: [5432] },
  mysql: { label: 'MySQL/MariaDB', words: ['mysql', 'mariadb', 'percona'], ports: [3306, 33060] },
  mongodb: { label: 'MongoDB', words: ['mongo', 'mongodb'], ports: [27017] },
  elasticsearch: { label: 'Elasticsearch', words: ['elasticsearch'], ports: [9200, 9300] },
  opensearch: { label: 'OpenSearch', words: ['opensearch'], ports: [9200, 9300] },
  milvus: { label: 'Milvus', words: ['milvus'], ports: [19530, 9091] },
  minio: { label: 'MinIO', words: ['minio'], ports: [9000, 9001] },
  rabbitmq: { label: 'RabbitMQ', words: ['rabbitmq'], ports: [5672, 15672] },
  memcached: { label: 'Memcached', words: ['memcached'], ports: [11211] },
  cassandra: { label: 'Cassandra', words: ['cassandra', 'scylla'], ports: [9042] },
  etcd: { label: 'etcd', words: ['etcd'], ports: [2379, 2380] },
  clickhouse: { label: 'ClickHouse', words: ['clickhouse'], ports: [8123, 9000] },
  kafka: { label: 'Kafka', words: ['kafka'], ports: [9092] },
  zookeeper: { label: 'ZooKeeper', words: ['zookeeper'], ports: [2181] },
  neo4j: { label: 'Neo4j', words: ['neo4j'], ports: [7474, 7687] },
  qdrant: { label: 'Qdrant', words: ['qdrant'], ports: [6333, 6334] },
  weaviate: { label: 'Weaviate', words: ['weaviate'], ports: [8080, 50051] },
  chroma: { label: 'Chroma', words: ['chroma', 'chromadb'], ports: [8000] },
  couchdb: { label: 'CouchDB', words: ['couchdb'], ports: [5984] },
  influxdb: { label: 'InfluxDB', words: ['influxdb'], ports: [8086] },
  mssql: { label: 'SQL Server', words: ['mssql'], ports: [1433] },
  grafana: { label: 'Grafana', words: ['grafana'], ports: [] },
  pgadmin: { label: 'pgAdmin', words: ['pgadmin', 'pgadmin4'], ports: [] },
};

/** Side tools named after a datastore that are not it: exporters, admin UIs, clients. */
const NOT_THE_STORE = new Set([
  'exporter', 'express', 'commander', 'ui', 'insight', 'redisinsight', 'admin', 'mc', 'cli', 'client', 'operator',
  'backup', 'proxy', 'sentinel', 'connect', 'registry', 'dashboards', 'kibana', 'agent', 'init', 'setup', 'migrate',
  'migrations', 'loki', 'image', 'renderer', 'oncall', 'alloy',
]);

function familyOfName(name: string): ServiceFamily | undefined {
  const tokens = nameTokens(name);
  if (tokens.some((t) => NOT_THE_STORE.has(t))) return undefined;
  for (const [family, spec] of Object.entries(FAMILIES) as [ServiceFamily, FamilySpec][]) {
    if (tokens.some((t) => spec.words.includes(t))) return family;
  }
  return undefined;
}

export interface Identified {
  family: ServiceFamily;
  label: string;
  ports: number[];
  /** The image tag, when the image named the family. */
  tag?: string;
  bitnami: boolean;
}

/** The family of a service: by its image's name; by the service name when the image says nothing. */
export function identifyService(service: ComposeService): Identified | undefined {
  const image = service.image && service.image.origin !== 'unset' ? parseImageRef(service.image.value) : undefined;
  let family: ServiceFamily | undefined;
  if (image) family = familyOfName(image.name) ?? (image.repository.split('/').includes('mssql') ? 'mssql' : undefined);
  // An image named for something else (an exporter, an admin UI) is not its service's name.
  if (!family && !(image && imageNamesSomethingElse(image.name))) family = familyOfName(service.name);
  if (!family) return undefined;
  const spec = FAMILIES[family];
  const namedByImage = image !== undefined && familyOfName(image.name) === family;
  return {
    family,
    label: spec.label,
    ports: spec.ports,
    tag: namedByImage ? image!.tag : undefined,
    bitnami: image?.repository.startsWith('bitnami/') ?? false,
  };
}

/** A known image of another kind (an exporter, an admin UI) must not be taken for its service name. */
function imageNamesSomethingElse(name: string): boolean {
  return nameTokens(name).some((t) => NOT_THE_STORE.has(t));
}

export { tagMajor };

/** Ports of the service published on every host interface, or the whole host network. */
export function isReachableFromOutside(service: ComposeService): boolean {
  if (service.networkMode?.value === 'host') return true;
  return service.ports.some((p) => bindsAllInterfaces(p));
}

const JOB_WORDS = new Set([
  'migrate', 'migration', 'migrations', 'init', 'setup', 'seed', 'seeder', 'bootstrap', 'createbuckets', 'provision',
  'job', 'test', 'tests', 'e2e', 'once', 'oneshot',
]);
const CLIENT_IMAGES = new Set(['mc', 'curl', 'busybox', 'wait-for-it', 'dockerize']);

/**
 * A service that runs once and exits (migrations, bucket creation, tests): restart policies, memory
 * limits and log rotation are beside the point for it.
 */
export function isOneShot(service: ComposeService, services: readonly ComposeService[]): boolean {
  if (services.some((s) => s.waitsForCompletion.includes(service.name))) return true;
  if (nameTokens(service.name).some((t) => JOB_WORDS.has(t))) return true;
  const image = service.image ? parseImageRef(service.image.value) : undefined;
  if (image && CLIENT_IMAGES.has(image.name)) return true;
  const words = [...(service.entrypoint?.words ?? []), ...(service.command?.words ?? [])];
  return words.some((w) => /^(?:alembic|migrate|pytest|jest|vitest)$/.test(w)) || words.join(' ').includes('manage.py migrate');
}

/** Opt-in services (`profiles:`) are tools started by hand, not part of the deployed stack. */
export function isOptIn(service: ComposeService): boolean {
  return service.profiles.length > 0;
}

/**
 * Plain facts about long-lived in-memory containers (module-level, class-level or instance
 * attributes), shared by the memory and state rules of both languages.
 */
export type ContainerKind = 'list' | 'dict' | 'set' | 'deque' | 'queue' | 'map' | 'array' | 'object';

export interface Location {
  line: number;
  column: number;
}

export interface ContainerFact {
  /** Variable or attribute name: `sessions`, `offlineQueue`. */
  name: string;
  /** The class holding it, for class-level and instance attributes. */
  owner?: string;
  scope: 'module' | 'class' | 'instance';
  kind: ContainerKind;
  /** Where it is declared. */
  line: number;
  column: number;
  /** The first place a function or method adds to it (after construction). */
  growth?: Location & { fn: string };
  growthCount: number;
  /** A cap (`maxlen=`, `maxsize=`, a length check against a bound), eviction, trim or flush. */
  bounded: boolean;
  /** Written only for keys it lacks (`if key not in d: d[key] = …`, `if (!m.has(k)) m.set(…)`): a memo table. */
  memoized?: boolean;
}

export interface ClassFact {
  name: string;
  line: number;
  /** Singleton pattern, Nest `@Injectable()`, or instances held at module level in this file. */
  longLived: boolean;
  /** The class talks to Redis/a database (attributes named so, or the module imports a client). */
  persistence: boolean;
}

export interface StateFacts {
  containers: ContainerFact[];
  classes: ClassFact[];
  /** Class names whose instances this module keeps for the life of the process. */
  instantiated: string[];
  /** The module imports a Redis/database/persistent-store client. */
  persistence: boolean;
}

export const PY_PERSISTENCE = /^(?:redis|aioredis|sqlalchemy|sqlmodel|pymongo|motor|mongoengine|beanie|odmantic|psycopg2?|asyncpg|aiomysql|pymysql|mysql|MySQLdb|sqlite3|aiosqlite|peewee|tortoise|databases|django\.db|boto3|google\.cloud|elasticsearch|diskcache|shelve|valkey|pydantic_redis|langgraph\.checkpoint)(?:\.|$)/;
export const JS_PERSISTENCE = /^(?:redis|ioredis|@redis\/client|@upstash\/redis|@vercel\/kv|pg|mysql2?|mysql2\/promise|mongodb|mongoose|@prisma\/client|prisma|typeorm|sequelize|knex|drizzle-orm(?:\/.*)?|better-sqlite3|sqlite3?|@supabase\/supabase-js|firebase-admin(?:\/.*)?|@aws-sdk\/client-dynamodb|@aws-sdk\/lib-dynamodb|keyv|cache-manager-redis-store|connect-redis|@nestjs\/typeorm|@nestjs\/mongoose|@mikro-orm\/.*)$/;

/** Attribute names that mean a class keeps its data in an external store. */
export const PERSISTENT_ATTRIBUTE = /^_?_?(?:redis|redis_client|redisClient|db|database|engine|collection|mongo|pool|conn|connection|repository|repo|prisma|kv|store_backend|persistence|session_factory|sessionmaker)$/i;

export type Role = 'session' | 'cache' | 'auth' | 'other';

/**
 * What a container holds, from its name and its class's name. Users, accounts, API keys and
 * tokens belong to the auth rules; conversation/chat/session state to the state rule; caches
 * and memo tables to the cache rule; everything else to the queue rule.
 */
export function roleOf(name: string, owner?: string): Role {
  const words = splitWords(name);
  const ownerWords = owner ? splitWords(owner) : [];
  if (words.some((w) => AUTH_WORDS.has(w))) return 'auth';
  if (words.some((w) => CACHE_WORDS.has(w))) return 'cache';
  if (words.some((w) => SESSION_WORDS.has(w))) return 'session';
  if (ownerWords.some((w) => AUTH_WORDS.has(w))) return 'auth';
  if (isSessionStoreClass(owner)) return 'session';
  if (ownerWords.some((w) => CACHE_WORDS.has(w))) return 'cache';
  return 'other';
}

const AUTH_WORDS = new Set(['user', 'users', 'account', 'accounts', 'apikey', 'apikeys', 'api_key', 'token', 'tokens', 'credential', 'credentials', 'password', 'passwords', 'login', 'logins', 'auth', 'jwt', 'refresh', 'revoked', 'blacklist', 'blocklist', 'otp', 'otps']);
const CACHE_WORDS = new Set(['cache', 'caches', 'cached', 'memo', 'memos', 'memoized', 'lru', 'fallback', 'fallbacks']);
const SESSION_WORDS = new Set(['session', 'sessions', 'conversation', 'conversations', 'chat', 'chats', 'dialog', 'dialogs', 'dialogue', 'dialogues', 'transcript', 'transcripts', 'chathistory', 'messagehistory']);

/** SessionManager, ConversationStore, ChatHistory, InMemorySessionStore, MemoryStore… */
export function isSessionStoreClass(owner: string | undefined): boolean {
  if (!owner) return false;
  const words = splitWords(owner);
  const subject = words.some((w) => SESSION_WORDS.has(w) || w === 'memory' || w === 'state' || w === 'context');
  const store = words.some((w) => /^(?:store|storage|manager|registry|repository|repo|history|memory|buffer|service|state|states|tracker|pool|holder)$/.test(w));
  return subject && store && !words.some((w) => AUTH_WORDS.has(w));
}

/** `offlineQueue` → [offline, queue]; `_chat_history` → [chat, history]; `APIKeys` → [api, keys, apikeys]. */
export function splitWords(name: string): string[] {
  const words = name
    .replace(/^[_#$]+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .map((w) => w.toLowerCase())
    .filter(Boolean);
  const joined: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) joined.push(words[i] + words[i + 1]);
  return [...words, ...joined];
}

/** The role of a container: by its name and class, and a memo table is a cache whatever its name. */
export function containerRole(c: Pick<ContainerFact, 'name' | 'owner' | 'memoized'>): Role {
  const role = roleOf(c.name, c.owner);
  return role === 'other' && c.memoized ? 'cache' : role;
}

/** A readable name of a container for messages: `SessionStore._data`, `offlineQueue`. */
export function containerLabel(c: ContainerFact): string {
  return c.owner ? `${c.owner}.${c.name}` : c.name;
}

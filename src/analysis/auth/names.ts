/**
 * Name heuristics shared by the auth and rate-limit rules. Identifiers are compared in one
 * normal form (UPPER_SNAKE): `authEnabled`, `auth_enabled` and `AUTH_ENABLED` read the same.
 */

export function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

const ENABLE_SWITCH =
  /(?:^|_)(?:AUTH_ENABLED|ENABLE_AUTH|REQUIRE_AUTH|AUTH_REQUIRED|USE_AUTH|AUTHENTICATION_ENABLED|ENABLE_AUTHENTICATION|REQUIRE_AUTHENTICATION|AUTHENTICATION_REQUIRED|API_KEY_REQUIRED|REQUIRE_API_KEY|API_KEY_ENABLED|ENABLE_API_KEY|API_AUTH_ENABLED|LOGIN_REQUIRED|REQUIRE_LOGIN|AUTH_ON|ENFORCE_AUTH)$/;
const DISABLE_SWITCH =
  /(?:^|_)(?:DISABLE_AUTH|SKIP_AUTH|AUTH_DISABLED|NO_AUTH|BYPASS_AUTH|AUTH_BYPASS|DISABLE_AUTHENTICATION|SKIP_AUTHENTICATION|AUTHENTICATION_DISABLED|AUTH_OFF|INSECURE_NO_AUTH|ALLOW_ANONYMOUS|ANONYMOUS_ACCESS)$/;

/** Identifiers repeat across a repository: the sense of each name is computed once (bounded). */
const senseCache = new Map<string, 'enable' | 'disable' | null>();
/**
 * Every switch name spells AUTH, LOGIN, ANONYMOUS or API_KEY (checked on the raw name, before
 * the costly upperSnake): a name without them is no switch.
 */
const SWITCH_WORD = /auth|login|anonymous|api[^a-z0-9]*key/i;

/** Whether a name is an auth switch, and which way round: `enable` means true turns auth on. */
export function authSwitchSense(name: string): 'enable' | 'disable' | undefined {
  const cached = senseCache.get(name);
  if (cached !== undefined) return cached ?? undefined;
  let sense: 'enable' | 'disable' | null = null;
  if (SWITCH_WORD.test(name)) {
    const n = upperSnake(name);
    sense = DISABLE_SWITCH.test(n) ? 'disable' : ENABLE_SWITCH.test(n) ? 'enable' : null;
  }
  if (senseCache.size > 50_000) senseCache.clear();
  senseCache.set(name, sense);
  return sense ?? undefined;
}

/**
 * Whether a file's text can name an auth switch at all: every name `authSwitchSense` accepts
 * contains one of these words (case-insensitive, any separator between API and KEY).
 */
export function mentionsAuthSwitch(text: string): boolean {
  return SWITCH_WORD.test(text);
}

const TRUTHY = new Set(['true', '1', 'yes', 'on', 'y', 't', 'enabled', 'enable']);
const FALSY = new Set(['false', '0', 'no', 'off', 'n', 'f', 'disabled', 'disable', '']);

/** A literal switch value read as a boolean; undefined when it is not one. */
export function switchValue(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (value === null) return false;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (TRUTHY.has(v)) return true;
  if (FALSY.has(v)) return false;
  return undefined;
}

/** Whether a switch of this sense with this value leaves authentication off. */
export function leavesAuthOff(sense: 'enable' | 'disable', on: boolean): boolean {
  return sense === 'enable' ? !on : on;
}

/** Words of an identifier, lower case: `revokedTokens` → [revoked, tokens]. */
export function words(name: string): string[] {
  return upperSnake(name).toLowerCase().split('_').filter(Boolean);
}

const BLACKLIST_WORD = /^(?:blacklist(?:ed)?|blocklist(?:ed)?|denylist(?:ed)?|revoked|revocations?|invalidated|banned)$/;

/** `token_blacklist`, `revokedTokens`, `BLOCKLIST`, `jwt_denylist`, `deny_list`. */
export function isRevocationName(name: string): boolean {
  const w = words(name);
  if (w.some((x) => BLACKLIST_WORD.test(x))) return true;
  const joined = w.join('_');
  return /(?:^|_)(?:black|block|deny)_list(?:_|$)/.test(joined);
}

/** Whether the name also speaks of tokens (so a bare `blacklist` of IPs is not taken for one). */
export function mentionsToken(name: string): boolean {
  return words(name).some((x) => /^(?:tokens?|jtis?|jwts?|sessions?|access|refresh)$/.test(x));
}

const STORE_WORD = /^(?:users?|accounts?|sessions?|apikeys?|keys|tokens?|credentials?|passwords?|logins?|members?|principals?|identities)$/;

/** `users_db`, `fake_users`, `sessions`, `API_KEYS`, `activeTokens`, `_data` is not. */
export function isAuthStoreName(name: string): boolean {
  const w = words(name);
  if (isRevocationName(name)) return false;
  // Caches, counters and limits of users are a different matter (memory/ratelimit rules).
  if (w.some((x) => /^(?:cache|cached|caches|memo|lru|stats|count|counts|counter|metrics|limits?|attempts?|failures?|rate|history|logs?|events?|queue|locks?|pending|online|typing|colors?|avatars?)$/.test(x))) return false;
  if (w.includes('api') && w.includes('keys')) return true;
  return w.some((x) => STORE_WORD.test(x) && x !== 'keys');
}

/** Auth guards: dependencies, decorators, middleware and Nest guards that check who calls. */
const AUTH_GUARD =
  /auth|login_?required|loginrequired|jwt|token|get_?current|current_?(?:user|agent|admin|account|principal|member|staff|operator)|permission|is_?authenticated|verify|protect|ensure_?logged|require_?user|requireuser|api_?key|apikey|passport|session_?required|admin_?required|requires?_?(?:role|admin|scope)|roles?_?required|has_?role|signed_?in|bearer|guard|acl|rbac|clerk|firebase_?auth|secured|access_?required|check_?access|basic_?auth/i;
const NOT_AUTH_GUARD = /throttl|rate_?limit|limiter|cache|cors|csrf_exempt|logg|validate_?body|validat(?:e|ion)_?pipe/i;

export function isAuthGuardName(name: string): boolean {
  return AUTH_GUARD.test(name) && !NOT_AUTH_GUARD.test(name);
}

const LIMIT_GUARD = /rate_?limit|ratelimit|limiter|throttl|slow_?down|brute|login_?attempt|\blimit$|\.limit$|^limit$/i;

/** Route decorators/middleware that throttle: `limiter.limit`, `loginLimiter`, `ThrottlerGuard`. */
export function isLimitGuardName(name: string): boolean {
  return LIMIT_GUARD.test(name);
}

/** A class that is itself a user/session store: `InMemorySessionStore`, `UserRepository`. */
export function isAuthStoreClass(name: string): boolean {
  const w = words(name);
  const subject = w.some((x) => /^(?:sessions?|users?|accounts?|tokens?|credentials?|apikeys?)$/.test(x));
  const container = w.some((x) => /^(?:store|storage|repository|repo|registry|db|database|manager)$/.test(x));
  return subject && container && !w.some((x) => /^(?:redis|sql|postgres|mongo|db|database|orm|cache)$/.test(x) && x !== 'db' && x !== 'database');
}

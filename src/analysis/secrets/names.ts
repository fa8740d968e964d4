/**
 * What a variable or key name says about its value: a secret, a secret that is public by design,
 * or a value behind a client-bundle prefix. Names are compared in SCREAMING_SNAKE form, so
 * `apiKey`, `api-key` and `API_KEY` are the same name.
 */

/** `apiKey` / `api-key` / `api.key` → `API_KEY`. */
export function normaliseName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** Name parts that mean the value IS a secret. */
const SECRET_PARTS = new Set(['SECRET', 'SECRETS', 'TOKEN', 'PASSWORD', 'PASSWD', 'PASS', 'PWD', 'APIKEY', 'CREDENTIALS', 'PRIVATEKEY']);

/** A last part that says the value is about a secret, not the secret itself. */
const DESCRIPTIVE_SUFFIXES = new Set([
  'FILE', 'PATH', 'DIR', 'NAME', 'ID', 'IDS', 'URL', 'URI', 'URLS', 'ENDPOINT', 'HOST', 'PORT', 'HEADER',
  'TYPE', 'ALG', 'ALGORITHM', 'ALGORITHMS', 'LENGTH', 'LEN', 'SIZE', 'TTL', 'EXPIRY', 'EXPIRES', 'EXPIRE',
  'EXPIRATION', 'LIFETIME', 'MINUTES', 'SECONDS', 'DAYS', 'HOURS', 'ENABLED', 'DISABLED', 'REQUIRED',
  'VERSION', 'REGION', 'PREFIX', 'FIELD', 'PARAM', 'ENV', 'MODE', 'FORMAT', 'LOCATION', 'COUNT', 'MAX',
  'MIN', 'LIMIT', 'TIMEOUT', 'RETRIES', 'ROTATION', 'KIND', 'SCOPE', 'SCOPES', 'AUDIENCE', 'ISSUER',
  'POLICY', 'STRATEGY', 'ENCODING', 'USAGE', 'BUDGET', 'RESET', 'LABEL', 'KEYS', 'REF', 'ARN',
]);

/** `CACHE_KEY`, `SORT_KEY`: keys of a data structure, not credentials. */
const NON_SECRET_KEY_QUALIFIERS = new Set([
  'CACHE', 'SORT', 'PRIMARY', 'PARTITION', 'FOREIGN', 'IDEMPOTENCY', 'LOOKUP', 'DEDUPE', 'STORAGE',
  'QUERY', 'ROUTING', 'REDIS', 'MAP', 'DICT', 'OBJECT', 'ROW', 'COLUMN', 'SESSION_STORAGE', 'LOCAL_STORAGE',
  'FOREIGN', 'UNIQUE', 'INDEX', 'HOT', 'SHORTCUT', 'KEYBOARD', 'I18N', 'TRANSLATION', 'LOCALE', 'MESSAGE',
  'STATE', 'CONTEXT', 'REACT', 'LIST', 'GROUP', 'CONFIG', 'SETTINGS', 'ENV', 'FEATURE', 'FLAG', 'JSON',
]);

/** Credentials meant to be shipped to browsers or apps. */
const PUBLIC_BY_DESIGN = [
  /(?:^|_)ANON_KEY$/, /(?:^|_)ANON_PUBLIC_KEY$/, /PUBLISHABLE_KEY$/, /(?:^|_)SITE_?KEY$/, /(?:^|_)PUBLIC_KEY$/,
  /(?:^|_)PUBLIC_TOKEN$/, /^(?:.*_)?FIREBASE_(?:API_KEY|APP_ID|MESSAGING_SENDER_ID|AUTH_DOMAIN|PROJECT_ID|STORAGE_BUCKET|MEASUREMENT_ID|VAPID_KEY)$/,
  /ANALYTICS_(?:ID|KEY)$/, /(?:^|_)DSN$/, /(?:^|_)MAPS?_(?:API_)?KEY$/, /MAPBOX_(?:ACCESS_)?TOKEN$/,
  /ALGOLIA_(?:SEARCH|SEARCH_ONLY)_(?:API_)?KEY$/, /SEARCH_ONLY_API_KEY$/, /POSTHOG_(?:API_)?KEY$/,
  /SEGMENT_WRITE_KEY$/, /MIXPANEL_TOKEN$/, /AMPLITUDE_API_KEY$/, /PUSHER_(?:APP_)?KEY$/, /(?:^|_)CLIENT_KEY$/,
  /VAPID_KEY$/, /(?:^|_)GA_/, /RECAPTCHA_KEY$/, /STRIPE_(?:PK|PUBLIC)/, /SUPABASE_KEY$/,
];

/** The name (any case style) names a credential: `*_KEY`, `*_SECRET`, `*_TOKEN`, `*PASSWORD*`… */
export function isSecretName(name: string): boolean {
  const normal = normaliseName(name);
  if (!normal) return false;
  const parts = normal.split('_');
  const last = parts[parts.length - 1];
  if (DESCRIPTIVE_SUFFIXES.has(last) || /EXPIR|(?:^|_)TTL(?:_|$)|TIMEOUT|LIFETIME/.test(normal)) return false;
  if (parts.some((p) => SECRET_PARTS.has(p))) return !/(?:^|_)TOKENS?_(?:COUNT|USAGE)/.test(normal);
  // `*_KEY`: a qualified key (`OPENAI_KEY`, `API_KEY`, `SECRET_KEY`), never `KEY` alone.
  const keyAt = parts.lastIndexOf('KEY');
  if (keyAt > 0 && keyAt >= parts.length - 2) {
    const qualifier = parts.slice(0, keyAt).join('_');
    return !NON_SECRET_KEY_QUALIFIERS.has(parts[keyAt - 1]) && !NON_SECRET_KEY_QUALIFIERS.has(qualifier);
  }
  return false;
}

/** Keys that are credentials, but meant to be public (Supabase anon, Stripe publishable, Firebase web). */
export function isPublicByDesignName(name: string): boolean {
  const normal = normaliseName(name);
  return PUBLIC_BY_DESIGN.some((pattern) => pattern.test(normal));
}

/** A secret-named key that is not public by design. */
export function isPrivateSecretName(name: string): boolean {
  return isSecretName(name) && !isPublicByDesignName(name);
}

/** `DATABASE_URL`, `REDIS_URL`, `*_DSN`: connection strings that may carry a password inline. */
export function isConnectionName(name: string): boolean {
  return /(?:^|_)(?:URL|URI|DSN|CONNECTION|CONNECTION_STRING|CONN_STR)$/.test(normaliseName(name));
}

/** Prefixes that bundlers inline into client code; `framework` names who does it. */
export const CLIENT_PREFIXES: readonly { prefix: string; framework: string; generic?: boolean }[] = [
  { prefix: 'NEXT_PUBLIC_', framework: 'Next.js' },
  { prefix: 'VITE_', framework: 'Vite' },
  { prefix: 'REACT_APP_', framework: 'Create React App' },
  { prefix: 'EXPO_PUBLIC_', framework: 'Expo' },
  { prefix: 'NUXT_PUBLIC_', framework: 'Nuxt' },
  { prefix: 'GATSBY_', framework: 'Gatsby' },
  { prefix: 'STORYBOOK_', framework: 'Storybook' },
  // SvelteKit / Astro: a plain word, so only where such a framework is in the repository.
  { prefix: 'PUBLIC_', framework: 'SvelteKit/Astro', generic: true },
];

export interface ClientExposure {
  prefix: string;
  framework: string;
  generic: boolean;
  /** The name without the prefix. */
  rest: string;
}

/** The bundler prefix of a variable name, if it has one. */
export function clientPrefixOf(name: string): ClientExposure | undefined {
  for (const { prefix, framework, generic } of CLIENT_PREFIXES) {
    if (name.startsWith(prefix) && name.length > prefix.length) {
      return { prefix, framework, generic: !!generic, rest: name.slice(prefix.length) };
    }
  }
  return undefined;
}

/** A client-prefixed variable whose name says it holds a private credential. */
export function isClientExposedSecretName(name: string): ClientExposure | undefined {
  const exposure = clientPrefixOf(name);
  if (!exposure) return undefined;
  if (!isSecretName(exposure.rest) || isPublicByDesignName(name) || isPublicByDesignName(exposure.rest)) return undefined;
  return exposure;
}

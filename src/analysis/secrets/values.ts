/**
 * Whether a value looks like a real credential or like a placeholder someone is meant to replace.
 * Errs on the side of "placeholder": a false P0 costs more than a missed one.
 */

/** Documented example credentials (AWS docs and SDKs). */
const DOCUMENTED_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
]);

/** Words that mark a value as an example, a default to change, or a reference to elsewhere. */
const PLACEHOLDER_WORDS =
  /your|example|sample|placeholder|change.?me|change.?this|replace|dummy|redacted|secret|password|passwd|insecure|default|notreal|not.?a.?real|lorem|qwerty|generate|xxxx/i;

/** Short words that only count as whole segments (`sk_test_…`, `dev-key`), not inside random text. */
const PLACEHOLDER_SEGMENTS =
  /(?:^|[-_.\s:/])(?:test|dev|demo|local|mock|fake|foo|bar|baz|todo|fixme|none|null|undefined|sample|abc123|123456|here|key|token)(?:[-_.\s:/]|$)/i;

/** `${VAR}`, `{{ var }}`, `<token>`, `%(var)s`, `$VAR`, `@VAR@`, `#{var}`: filled in elsewhere. */
const TEMPLATE_REFERENCE = /\$\{[^}]*\}|\{\{[^}]*\}\}|<[^>]+>|%\([^)]+\)|^\$[A-Za-z_]\w*$|^@\w+@$|#\{[^}]*\}|\$\([^)]*\)/;

export function isDocumentedExample(value: string): boolean {
  return DOCUMENTED_EXAMPLES.has(value) || /EXAMPLE(?:KEY)?$/.test(value);
}

/**
 * For values already matching a provider's key format: only unmistakable fillers count as
 * placeholders (`ghp_xxxx…`, `AKIAXXXXXXXXXXXXXXXX`, `…EXAMPLE`), not words a random key may contain.
 */
export function isProviderPlaceholder(value: string): boolean {
  return (
    isDocumentedExample(value) ||
    /example|your|placeholder|redacted|x{6,}|(.)\1{7,}|\.{3}|\*{3}|…|\$\{|<[^>]+>/i.test(value)
  );
}

/** A value that is clearly not a real credential: empty, short, templated, masked or a word. */
export function isPlaceholder(raw: string): boolean {
  const value = raw.trim().replace(/^['"`]|['"`]$/g, '');
  if (value.length <= 8) return true;
  if (isDocumentedExample(value)) return true;
  if (TEMPLATE_REFERENCE.test(value)) return true;
  if (PLACEHOLDER_WORDS.test(value) || PLACEHOLDER_SEGMENTS.test(value)) return true;
  // `sk-...`, `***`, `xxxxxxxx`, `••••`, `0000000000`: masked or repeated.
  if (/\.{3}|…|\*{3}|•{2}/.test(value)) return true;
  if (/^(.)\1+$/.test(value) || /(.)\1{5,}/.test(value)) return true;
  const distinct = new Set(value).size;
  return distinct <= 4;
}

/** Bits of Shannon entropy per character. */
export function shannonEntropy(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(value)).length;
}

export interface SecretValueOptions {
  /** Passwords are shorter and less random than generated keys. */
  password?: boolean;
}

/**
 * A value that looks generated (a key, token or real password), not a word, a path, a URL, a
 * number, a boolean or a placeholder.
 */
export function looksLikeSecretValue(raw: string, options: SecretValueOptions = {}): boolean {
  const value = raw.trim();
  if (isPlaceholder(value)) return false;
  if (/\s/.test(value)) return false; // sentences, commands
  if (/^(?:true|false|yes|no|on|off|\d+(?:\.\d+)?)$/i.test(value)) return false;
  if (/^(?:https?|wss?|ftp|file):\/\//i.test(value) || /^[./~]/.test(value) || /^[\w-]+\/[\w./-]+$/.test(value)) {
    return false; // URLs, paths, `org/repo`
  }
  if (/^[A-Za-z]+(?:[-_.][A-Za-z]+)*$/.test(value)) return false; // words and slugs
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return false; // another variable's NAME
  const minLength = options.password ? 10 : 16;
  if (value.length < minLength) return false;
  if (characterClasses(value) < 2) return false;
  return shannonEntropy(value) >= (options.password ? 2.8 : 3.2);
}

export interface UrlCredential {
  user: string;
  password: string;
  host: string;
  /** 0-based offset of the password in the URL. */
  offset: number;
}

/** `scheme://user:password@host…` → its parts. */
export function urlCredential(url: string): UrlCredential | undefined {
  const match = /^([a-z][\w+.-]*):\/\/([^:/@\s]*):([^@/\s]+)@([^/:?#\s]+)/i.exec(url.trim());
  if (!match) return undefined;
  const start = url.indexOf(match[0]);
  return { user: decodeSafe(match[2]), password: match[3], host: match[4], offset: start + match[1].length + 3 + match[2].length + 1 };
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Passwords that are defaults, not secrets (compose/default-credentials judges those). */
const WEAK_PASSWORDS = /^(?:postgres|postgresql|mysql|root|admin|administrator|password\d*|pass\d*|secret|changeme|example|guest|user|test|dev|demo|default|redis|mongo|minioadmin|123456\d*|qwerty)$/i;

/** The inline password of a connection URL looks real (not a template, a default or the user name). */
export function isRealUrlPassword(credential: UrlCredential): boolean {
  const password = decodeSafe(credential.password);
  if (!password || password === credential.user) return false;
  if (WEAK_PASSWORDS.test(password)) return false;
  if (TEMPLATE_REFERENCE.test(password) || /^\$/.test(password)) return false;
  if (/^(.)\1+$/.test(password) || /\*{3}|\.{3}|x{4,}/i.test(password)) return false;
  if (/your|example|placeholder|change.?me|replace|dummy|fake|sample/i.test(password)) return false;
  return password.length >= 6;
}

/** Where a connection URL points: a local machine, a compose-internal service, or elsewhere. */
export function hostScope(host: string): 'local' | 'internal' | 'remote' {
  const h = host.toLowerCase();
  if (/^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)$/.test(h)) return 'local';
  if (!h.includes('.')) return 'internal';
  return 'remote';
}

/** The JSON payload of a JWT, if the value is one. */
export function jwtPayload(value: string): Record<string, unknown> | undefined {
  const match = /^eyJ[\w-]+\.(eyJ[\w-]+)\.[\w-]+$/.exec(value.trim());
  if (!match) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' ? payload : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Values that are credentials but public by design: Stripe publishable keys, a Supabase anon JWT,
 * a Firebase/Google web API key.
 */
export function isPublicByDesignValue(value: string): boolean {
  const v = value.trim();
  if (/^pk_(?:live|test)_/.test(v)) return true;
  if (/^AIza[\w-]{35}$/.test(v)) return true;
  const payload = jwtPayload(v);
  return payload?.role === 'anon';
}

/** A Supabase service-role key or Stripe secret key: private whatever the variable is called. */
export function isPrivateByDesignValue(value: string): boolean {
  const v = value.trim();
  if (/^(?:sk|rk)_live_[A-Za-z0-9]{16,}$/.test(v)) return true;
  return jwtPayload(v)?.role === 'service_role';
}

/**
 * Cheap text tests that decide whether a source file can matter to a rule before its AST is
 * walked; the AST still decides. On 7,500-file repositories most files fail them.
 */

/** Reads environment variables at all. */
export const READS_ENV = /process\.env|import\.meta\.env|Deno\.env|environ|getenv|BaseSettings|\benv\b/;

/** Mentions a client-bundle prefix. */
export const CLIENT_PREFIX = /(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|GATSBY|STORYBOOK|PUBLIC)_/;

/** Mentions a secret-like word (names of keys, tokens, passwords). */
export const SECRET_WORD = /key|secret|token|passw|pwd|credential/i;

/** A string literal bound to a secret-like name: `apiKey = '`, `"secret": "`, `SECRET_KEY: str = "`. */
export const SECRET_LITERAL = /(?:key|secret|token|passw|pwd|credential)\w*["'`]?\s*(?::\s*\w+\s*)?[:=]\s*[rbuf]?["'`]/i;

/** Signing-secret material: names, JWT and cookie libraries, Koa `app.keys`. */
export const SIGNING_WORD = /secret|\.keys\b|jsonwebtoken|cookie-parser|jwt/i;

/** Reads the environment in JS/TS. */
export const JS_READS_ENV = /process\.env|import\.meta\.env|Deno\.env/;

/** Imports an env-schema library. */
export const JS_SCHEMA = /['"](?:zod|envalid|@t3-oss\/env-[\w-]+|joi|yup|valibot|env-var|@sinclair\/typebox|convict)['"]/;

/** Fails hard or validates a schema: where start-up checks live. */
export const VALIDATES = /throw|exit|assert|raise|zod|envalid|@t3-oss|joi|yup|valibot|env-var|typebox|convict|validator/;

/** Writes logs or prints. */
export const LOGS = /console\.|log|print\(/;

/**
 * What a JSON file needs for a named-secret finding: a secret-like key word (every part
 * `isSecretName` accepts contains one), a URL with credentials, a live Stripe key, a JWT — or a
 * `\u` escape, which could spell any of them in a decoded key.
 */
export const JSON_SECRET_HINT = /key|secret|token|pass|pwd|credential|:\/\/|eyJ|_live_|\\u/i;

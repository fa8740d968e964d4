import type { Node } from '@babel/types';
import type { Inventory } from '../../src/engine/inventory.js';
import type { ParsedFile } from '../../src/engine/types.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';
import { jsImportsOf, jsRoutesOf, pyImportsOf, pyRoutesOf } from '../../src/analysis/facts.js';
import { walk as jsWalk } from '../../src/analysis/js/ast.js';
import { jsWebFrameworkOf } from '../../src/analysis/js/server.js';
import { walk } from '../../src/analysis/python/ast.js';
import { PY_WEB_FRAMEWORKS } from '../../src/analysis/python/server.js';
import { stringValue } from '../../src/analysis/python/values.js';

/** The three headers an edge audit expects, by lower-case name. */
export const SECURITY_HEADERS = ['strict-transport-security', 'content-security-policy', 'x-content-type-options'] as const;
export type SecurityHeader = (typeof SECURITY_HEADERS)[number];

export const HEADER_LABEL: Record<SecurityHeader, string> = {
  'strict-transport-security': '`Strict-Transport-Security`',
  'content-security-policy': '`Content-Security-Policy`',
  'x-content-type-options': '`X-Content-Type-Options`',
};

/** Middleware packages that set all three (helmet and its framework ports, secure.py, Secweb, Talisman). */
const JS_HEADER_PACKAGES = /^(?:helmet|koa-helmet|@fastify\/helmet|fastify-helmet|@nestjs\/helmet|hono\/secure-headers|lusca|@hapi\/blankie)$/;
const PY_HEADER_PACKAGES = ['secure', 'secweb', 'flask_talisman', 'talisman'];

/** String values `literal` looks for. */
const LITERALS = [...SECURITY_HEADERS, 'django.middleware.security.securitymiddleware', 'csp.middleware.cspmiddleware'];
const LITERAL_MIN = Math.min(...LITERALS.map((l) => l.length));
const LITERAL_MAX = Math.max(...LITERALS.map((l) => l.length));
const HSTS_SETTING = 'SECURE_HSTS_SECONDS';

/**
 * What the application does about security headers, gathered from non-test JS and Python files:
 * header middleware, hand-set header names (string literals, so `next.config.js` `headers()` and
 * custom middleware count), Django's SecurityMiddleware settings; and where the server app starts.
 */
export class AppHeaders {
  readonly set = new Set<SecurityHeader>();
  /** The app object (`FastAPI()`, `express()`, `Flask()`) or, failing that, a file that imports a web framework. */
  entry?: { path: string; line?: number; weight: number; framework: string };
  private djangoSecurity = false;
  private djangoHsts = false;

  constructor(private readonly inventory: Inventory) {}

  private consider(path: string, line: number | undefined, weight: number, framework: string): void {
    if (!this.entry || weight > this.entry.weight || (weight === this.entry.weight && path < this.entry.path)) {
      this.entry = { path, line, weight, framework };
    }
  }

  private literal(value: string): void {
    // Only names of these lengths can match (lower-casing into ASCII keeps the length).
    if (value.length < LITERAL_MIN || value.length > LITERAL_MAX) return;
    const lower = value.toLowerCase();
    for (const h of SECURITY_HEADERS) if (lower === h) this.set.add(h);
    if (lower === 'django.middleware.security.securitymiddleware') this.djangoSecurity = true;
    if (lower === 'csp.middleware.cspmiddleware') this.set.add('content-security-policy');
  }

  js(file: ParsedFile<'js'>): void {
    if (isTestPath(file.path) || isExamplePath(file.path)) return;
    const imports = jsImportsOf(file);
    for (const binding of imports.values()) if (JS_HEADER_PACKAGES.test(binding.source)) SECURITY_HEADERS.forEach((h) => this.set.add(h));
    jsWalk(file.model.ast, (node: Node) => {
      if (node.type === 'StringLiteral') this.literal(node.value);
      return undefined;
    });
    const framework = jsWebFrameworkOf(imports);
    if (!framework || framework === 'http') return;
    const app = jsRoutesOf(file, this.inventory).routers.find((r) => r.kind === 'app');
    this.consider(file.path, app?.line, app ? 2 : 1, framework);
  }

  python(file: ParsedFile<'python'>): void {
    if (isTestPath(file.path) || isExamplePath(file.path)) return;
    const imports = pyImportsOf(file);
    for (const target of imports.values()) {
      if (PY_HEADER_PACKAGES.includes(target.split('.')[0])) SECURITY_HEADERS.forEach((h) => this.set.add(h));
    }
    walk(file.model.root, (node) => {
      // Lengths first: a string's value is never longer than its source text.
      const length = node.endIndex - node.startIndex;
      if (node.type === 'identifier') {
        if (length === HSTS_SETTING.length && node.text === HSTS_SETTING && node.parent?.type === 'assignment') this.djangoHsts = true;
      } else if (node.type === 'string' && length >= LITERAL_MIN) {
        const value = stringValue(node);
        if (value !== undefined) this.literal(value);
      }
      return undefined;
    });
    // A framework that answers requests; uvicorn/gunicorn alone only run one.
    const framework = [...imports.values()]
      .map((t) => t.split('.')[0])
      .find((top) => PY_WEB_FRAMEWORKS.includes(top) && top !== 'uvicorn' && top !== 'gunicorn');
    if (!framework) return;
    const app = pyRoutesOf(file).routers.find((r) => r.kind === 'app');
    this.consider(file.path, app?.line, app ? 2 : 1, framework);
  }

  /** Headers the app sends itself. */
  headers(): Set<SecurityHeader> {
    const out = new Set(this.set);
    // Django's SecurityMiddleware sends nosniff by default and HSTS once SECURE_HSTS_SECONDS is set.
    if (this.djangoSecurity) out.add('x-content-type-options');
    if (this.djangoSecurity && this.djangoHsts) out.add('strict-transport-security');
    return out;
  }
}

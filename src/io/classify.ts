import type { FileKind } from '../engine/types.js';

const JS_EXTENSIONS = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'poetry.lock',
  'uv.lock',
  'Pipfile.lock',
  'pdm.lock',
]);
const NGINX_CONTENT = /^\s*(?:http|server|events|upstream)\s*\{|^\s*location\s+[^\n{;]*\{/m;

/**
 * The primary kind of a file from its path, and from its content where names do not tell
 * (nginx configs are called `default`, `site.conf.template` or `app.conf.python`).
 * `undefined`: the file is only `text`.
 */
export function classify(path: string, text: string): FileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const lower = name.toLowerCase();

  if (lower.endsWith('.min.js') || lower.endsWith('.d.ts')) return undefined;
  if (JS_EXTENSIONS.test(lower)) return isGeneratedBundle(lower, text) ? undefined : 'js';
  if (lower.endsWith('.py') || lower.endsWith('.pyw')) return 'python';
  if (isDockerfileName(name)) return 'dockerfile';
  if (name === '.dockerignore' || lower.endsWith('.dockerignore')) return 'dockerignore';
  if (name === '.gitignore') return 'gitignore';
  if (isDotenvName(lower)) return 'dotenv';
  if (name === 'package.json') return 'package-json';
  if (LOCKFILES.has(name)) return 'lockfile';
  if (name === 'pyproject.toml' || name === 'Pipfile') return 'pyproject';
  if (isRequirementsPath(path)) return 'requirements';
  if (/\.ya?ml$/.test(lower)) {
    // Helm/Go and Jinja templates are YAML only once rendered: text, never a broken YAML file.
    if (isYamlTemplate(path, text)) return undefined;
    return isComposeName(lower, path) ? 'compose' : 'yaml';
  }
  if (isNginxCandidate(path, lower) && NGINX_CONTENT.test(text)) return 'nginx';
  return undefined;
}

/** `app.bundle.js`, `main.3f2a1b9c.js`, `chunk-vendors.js`, `vendors~main.chunk.js`: named by a bundler. */
const BUNDLE_NAME = /\.(?:bundle|chunk|min)\.[cm]?js$|[.-][0-9a-f]{8,}\.[cm]?js$|^chunk-(?:vendors|common|[0-9a-f]{6,})\b[\w.-]*\.js$/;
/** Bundler runtimes and license banners that only generated files carry. */
const BUNDLE_MARKER = /__webpack_require__|webpackBootstrap|webpackChunk|\/\*! For license information please see|__vite__mapDeps|parcelRequire/;
const MINIFIED_LINE = 5000;

/**
 * A bundler's output (named or marked as such, or minified: one very long line): browser code that
 * nobody reviews line by line. It stays text (secrets are still found), never JS for code rules.
 */
export function isGeneratedBundle(lowerName: string, text: string): boolean {
  if (BUNDLE_NAME.test(lowerName) || BUNDLE_MARKER.test(text.slice(0, 20000))) return true;
  const lines = text.split('\n', 50);
  return lines.some((line) => line.length > MINIFIED_LINE) && text.length / Math.max(1, text.split('\n').length) > 500;
}

export function isDockerfileName(name: string): boolean {
  return (
    /^(?:Dockerfile|Containerfile)(?:[.-][\w.-]+)?$/i.test(name) || /\.(?:dockerfile|containerfile)$/i.test(name)
  );
}

export function isDotenvName(lowerName: string): boolean {
  return lowerName === '.env' || lowerName.startsWith('.env.') || lowerName.endsWith('.env');
}

/** `.env.example`, `.env.sample`, `.env.template`, `example.env`: meant to hold placeholders. */
export function isDotenvTemplate(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return /(?:^|[.-_])(?:example|sample|template|dist|defaults?|tpl|schema)(?:$|[.-_])/.test(name);
}

/**
 * A template action where YAML expects structure: a line that starts with `{{` (`{{- if … }}`,
 * `{{ include … | nindent 4 }}`) or an unquoted value (`replicas: {{ .Values.replicas }}`). Quoted
 * actions (`"{{ .Values.image }}"`) are valid YAML and GitHub's `${{ }}` is plain YAML: not these.
 */
const TEMPLATE_LINE = /^[ \t]*(?:-[ \t]+)?(?:[\w.\/-]+:[ \t]+)?\{\{/m;
const JINJA_BLOCK = /^[ \t]*\{%-?\s*(?:if|for|set|macro|include|import|raw|block|extends)\b/m;

/** A Helm chart template (`templates/` of a chart), a cookiecutter file or another Go/Jinja template of YAML. */
export function isYamlTemplate(path: string, text: string): boolean {
  if (path.includes('{{') || TEMPLATE_LINE.test(text) || JINJA_BLOCK.test(text)) return true;
  return /(?:^|\/)templates\//.test(path) && text.includes('{{') && !text.includes('${{');
}

function isRequirementsPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/^requirements[\w.-]*\.(?:txt|in)$/.test(name)) return true;
  if (/^constraints[\w.-]*\.txt$/.test(name)) return true;
  return /(?:^|\/)requirements\/[^/]+\.(?:txt|in)$/.test(path.toLowerCase());
}

function isComposeName(lowerName: string, path: string): boolean {
  if (/(?:^|\/)\.github\/workflows\//.test(path)) return false;
  return /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/.test(lowerName) || /[.-]compose\.ya?ml$/.test(lowerName);
}

function isNginxCandidate(path: string, lowerName: string): boolean {
  if (/\.(?:md|txt|json|html?|css|svg|xml|csv|lock|toml|ini|sql|sh|rst)$/.test(lowerName)) return false;
  return (
    lowerName.includes('nginx') ||
    lowerName.endsWith('.conf') ||
    lowerName.includes('.conf.') ||
    /(?:^|\/)(?:nginx|sites-available|sites-enabled|conf\.d|openresty)\//i.test(path) ||
    !lowerName.includes('.')
  );
}

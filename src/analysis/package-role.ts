import type { Inventory } from '../engine/inventory.js';
import { basename, isExamplePath, isTestPath } from '../io/paths.js';
import { parsePyproject } from '../parsers/pyproject.js';
import { normalizePythonName } from '../parsers/requirements.js';

/**
 * Whether a manifest describes a published library (or CLI) rather than a deployed application.
 * A library publishes version ranges on purpose — its consumers' lockfiles pin them — so rules that
 * demand pinned versions and a committed lockfile judge it differently. Only strong signals count;
 * anything unclear stays an application (the stricter reading).
 */

/** Fields that only matter to a package others install. `main` alone does not count: `npm init` writes it for apps too. */
const NODE_PUBLISH_FIELDS = ['exports', 'module', 'types', 'typings', 'files', 'publishConfig', 'bin'];
/** A runtime dependency on one of these makes the package a server. */
const NODE_SERVER_DEPS = /^(?:express|fastify|koa|@nestjs\/core|next|nuxt|hono|@hapi\/hapi|restify|@remix-run\/node|@sveltejs\/kit|astro|@adonisjs\/core|sails|loopback|@loopback\/core|socket\.io|ws)$/;
const PYTHON_SERVER_DEPS = new Set([
  'fastapi', 'flask', 'django', 'starlette', 'uvicorn', 'gunicorn', 'hypercorn', 'sanic', 'tornado', 'quart', 'litestar',
  'streamlit', 'gradio', 'dash', 'celery', 'dramatiq', 'rq', 'arq', 'channels', 'daphne', 'falcon', 'bottle', 'pyramid',
]);

export function isNodeLibraryManifest(pkg: Record<string, unknown>): boolean {
  if (pkg.private === true || typeof pkg.name !== 'string') return false;
  if (!NODE_PUBLISH_FIELDS.some((field) => pkg[field] !== undefined)) return false;
  const deps = pkg.dependencies;
  return !(deps && typeof deps === 'object' && Object.keys(deps).some((name) => NODE_SERVER_DEPS.test(name)));
}

/** A pyproject that builds a distribution (`[build-system]`, a name) with no server framework among its runtime dependencies. */
export function isPythonLibraryManifest(data: Record<string, unknown>, runtimeDeps: readonly string[]): boolean {
  const buildSystem = data['build-system'];
  if (!buildSystem || typeof buildSystem !== 'object') return false;
  const project = record(data.project);
  const poetry = record(record(data.tool)?.poetry);
  if (typeof project?.name !== 'string' && typeof poetry?.name !== 'string') return false;
  if (poetry?.['package-mode'] === false) return false; // Poetry's marker of an application
  return !runtimeDeps.some((name) => PYTHON_SERVER_DEPS.has(normalizePythonName(name)));
}

/** Dockerfiles, compose files or a Procfile outside tests and docs: something in the repository is deployed. */
export function hasDeploymentFiles(inventory: Inventory): boolean {
  return inventory.files.some(
    (f) =>
      (f.kind === 'dockerfile' || f.kind === 'compose' || /^Procfile(?:\.|$)/.test(basename(f.path))) &&
      !isTestPath(f.path) &&
      !isExamplePath(f.path),
  );
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Docs sites, examples and benchmarks beside a library are not what it ships. */
const SIDE_PROJECT = /(?:^|\/)(?:website|docs?|site|examples?|demo|playground|benchmarks?)\//i;

/**
 * Every package.json and pyproject.toml that matters (not tests, docs sites or examples) is a
 * published library or CLI, and nothing is deployed. Reads the texts itself, for rules without visitors.
 */
export function onlyLibraries(inventory: Inventory): boolean {
  if (hasDeploymentFiles(inventory)) return false;
  let seen = 0;
  for (const file of inventory.files) {
    if ((file.kind !== 'package-json' && file.kind !== 'pyproject') || isTestPath(file.path) || SIDE_PROJECT.test(file.path)) continue;
    const text = inventory.text(file.path) ?? '';
    if (file.kind === 'package-json') {
      const pkg = parseJsonObject(text);
      if (!pkg || !isNodeLibraryManifest(pkg)) return false;
    } else {
      if (basename(file.path) !== 'pyproject.toml') return false; // a Pipfile is an application's
      const parsed = parsePyproject(text, file.path);
      if (!parsed.ok) return false;
      const runtime = parsed.value.dependencies.filter((d) => RUNTIME_SECTION.test(d.section)).map((d) => d.name);
      if (!isPythonLibraryManifest(parsed.value.data, runtime)) return false;
    }
    seen++;
  }
  return seen > 0;
}

/** Where a pyproject lists what its users install (not extras or dev groups). */
export const RUNTIME_SECTION = /^(?:project\.dependencies|tool\.poetry\.dependencies)$/;

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(text));
  } catch {
    return undefined;
  }
}

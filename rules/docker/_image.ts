import type { Inventory } from '../../src/engine/inventory.js';
import { basename, dirname, joinPath } from '../../src/io/paths.js';
import { commandForm, lastOf, type DockerStage } from '../../src/analysis/dockerfile.js';
import { parseImageRef } from '../../src/analysis/images.js';

/** `Dockerfile.dev`, `dev.Dockerfile`, `Dockerfile.local`, anything under `.devcontainer/`. */
export function isDevDockerfile(path: string): boolean {
  if (/(?:^|\/)\.devcontainer\//.test(path)) return true;
  const name = basename(path).toLowerCase().replace(/(?:docker|container)file/g, '');
  return /(?:^|[.-_])(?:dev|devel|develop|development|local|debug|test|tests|ci)(?:[.-_]|$)/.test(name);
}

/**
 * The words the container runs: ENTRYPOINT followed by CMD when ENTRYPOINT is in exec form
 * (a shell-form ENTRYPOINT ignores CMD), shell forms as `sh -c script`. Inherited from parent stages.
 */
export function runtimeCommand(stage: DockerStage): { words: string[]; line: number; column: number } | undefined {
  const entrypoint = lastOf(stage, 'ENTRYPOINT');
  const cmd = lastOf(stage, 'CMD');
  const asWords = (form: ReturnType<typeof commandForm>) => (form.exec ? form.words : ['/bin/sh', '-c', form.script]);
  const at = cmd ?? entrypoint;
  if (!at) return undefined;
  const start = at.getRange().start;
  let words: string[] = [];
  if (entrypoint) {
    const form = commandForm(entrypoint);
    words = asWords(form);
    if (form.exec && cmd) words = [...words, ...asWords(commandForm(cmd))];
  } else if (cmd) words = asWords(commandForm(cmd));
  return { words, line: start.line + 1, column: start.character + 1 };
}

/** `scripts` of the package.json in the build context, to see what `npm start` runs. */
export function packageScripts(dockerfilePath: string, inventory: Inventory): Record<string, string> {
  for (const dir of [dirname(dockerfilePath), '']) {
    const path = joinPath(dir, 'package.json');
    const text = path === undefined ? undefined : inventory.text(path);
    if (text === undefined) continue;
    try {
      const scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
      if (scripts && typeof scripts === 'object') {
        return Object.fromEntries(Object.entries(scripts).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      }
    } catch {
      // An unreadable package.json says nothing about scripts.
    }
  }
  return {};
}

/** Base images that run as a non-root user unless told otherwise. */
export function isNonRootBase(image: string): boolean {
  const ref = parseImageRef(image);
  const tag = ref.tag ?? '';
  if (/(?:^|[-_.])nonroot(?:$|[-_.])/.test(tag) || /nonroot|unprivileged|rootless/.test(ref.name)) return true;
  if (ref.registry === 'cgr.dev' && !/(?:^|-)dev$/.test(tag)) return true;
  if (ref.repository.startsWith('bitnami/')) return true;
  if (ref.registry === 'mcr.microsoft.com' && /chiseled/.test(tag)) return true;
  return false;
}

/** Base images whose own CMD starts a server (nginx, httpd, caddy…). */
export function isServerBase(image: string): boolean {
  const name = parseImageRef(image).name;
  return ['nginx', 'nginx-unprivileged', 'httpd', 'caddy', 'openresty', 'tomcat', 'traefik', 'haproxy', 'envoy'].includes(name);
}

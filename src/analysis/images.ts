/** Container image references: `registry/namespace/name:tag@digest`, normalised. */
export interface ImageRef {
  /** `docker.io` when none is written. */
  registry: string;
  /** Path without registry and without Docker Hub's `library/`: `redis`, `bitnami/postgresql`. */
  repository: string;
  /** Last path segment, lower case: `postgresql`. */
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(reference: string): ImageRef {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const segments = rest.split('/');
  let registry = 'docker.io';
  if (segments.length > 1 && (/[.:]/.test(segments[0]) || segments[0] === 'localhost')) registry = segments.shift()!;
  if (registry === 'docker.io' && segments[0] === 'library' && segments.length > 1) segments.shift();
  const repository = segments.join('/').toLowerCase();
  return { registry, repository, name: segments[segments.length - 1].toLowerCase(), tag, digest };
}

/** The words of an image or service name: `redis-stack-server` → redis, stack, server. */
export function nameTokens(name: string): string[] {
  return name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Major version of a tag like `7.17.9`, `8-alpine`, `v2.4`; undefined when it has none. */
export function tagMajor(tag: string | undefined): number | undefined {
  const match = /^v?(\d+)(?:[.-]|$)/.exec(tag ?? '');
  return match ? Number(match[1]) : undefined;
}

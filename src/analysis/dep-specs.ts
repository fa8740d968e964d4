import semver from 'semver';
import type { PythonDependency } from './manifests.js';

/**
 * How a package.json version spec behaves over time:
 * - `exact`: one version (`1.2.3`, a tarball URL, a git commit);
 * - `range`: moves within bounds (`^1.2.0`, `~1.2`, `>=1 <2`, `1.x`) — a lockfile pins it;
 * - `floating`: follows whatever is published or pushed (`latest`, `*`, `x`, `next`, a git branch);
 * - `local`: code in the repository or the workspace (`file:`, `link:`, `workspace:`, `catalog:`).
 */
export type NodeSpecKind = 'exact' | 'range' | 'floating' | 'local';

export interface NodeSpec {
  kind: NodeSpecKind;
  /** The package the lockfile holds it under (an `npm:` alias names another package). */
  lockName?: string;
  /** A semver range to check the locked version against, when the spec is one. */
  range?: string;
}

const LOCAL_PROTOCOL = /^(?:file|link|workspace|portal|catalog|patch|exec):/;
const GIT_SPEC = /^(?:git(?:\+[a-z]+)?:|github:|gitlab:|bitbucket:|gist:|[\w.-]+\/[\w.-]+(?:#|$))/i;
const URL_SPEC = /^https?:\/\//i;

export function classifyNodeSpec(name: string, rawSpec: string): NodeSpec {
  const spec = rawSpec.trim();
  if (LOCAL_PROTOCOL.test(spec) || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~/')) return { kind: 'local' };
  const alias = /^npm:((?:@[^/]+\/)?[^@]+)(?:@(.*))?$/.exec(spec);
  if (alias) return { ...classifyNodeSpec(alias[1], alias[2] ?? ''), lockName: alias[1] };
  if (URL_SPEC.test(spec) && !/\.git(?:#|$)/.test(spec)) return { kind: 'exact', lockName: name };
  if (GIT_SPEC.test(spec) || /\.git(?:#|$)/.test(spec)) {
    const ref = spec.includes('#') ? spec.slice(spec.indexOf('#') + 1) : '';
    if (/^[0-9a-f]{7,40}$/i.test(ref)) return { kind: 'exact', lockName: name };
    if (ref.startsWith('semver:')) return { kind: 'range', lockName: name };
    return { kind: 'floating', lockName: name };
  }
  if (spec === '' || spec === '*' || /^[xX]$/.test(spec) || spec === 'latest') return { kind: 'floating', lockName: name };
  const range = semver.validRange(spec, { loose: true });
  if (range === null) return { kind: 'floating', lockName: name }; // a dist-tag such as `next` or `beta`
  if (range === '*' || /^>=?\s*0(?:\.0){0,2}(?:-0)?$/.test(range)) return { kind: 'floating', lockName: name, range: spec };
  if (semver.valid(semver.clean(spec, { loose: true }) ?? '', { loose: true })) return { kind: 'exact', lockName: name, range: spec };
  return { kind: 'range', lockName: name, range: spec };
}

/** Why a Python dependency is not pinned, in a few words, or undefined when it is pinned or local. */
export function pythonLooseness(dep: PythonDependency): string | undefined {
  if (dep.local || dep.pinned) return undefined;
  if (dep.vcsRef !== undefined) return dep.vcsRef ? `git ref \`${dep.vcsRef}\`` : 'git, no ref';
  if (dep.url) return 'URL';
  const spec = dep.spec.trim();
  if (!spec || spec === '*') return 'no version';
  return `\`${spec}\``;
}

import { parseNginx, type NginxDirective, type NginxModel } from '../parsers/nginx.js';
import { isExamplePath } from '../io/paths.js';

/**
 * nginx configuration across files: includes resolved against the scanned files only (never the
 * disk, never outside the root), then the questions the edge rules ask — which `location` of
 * which `server` handles a request path, and what a setting is there once nginx inheritance
 * (http → server → location → nested location) is applied.
 */

export interface NginxSource {
  path: string;
  model: NginxModel;
}

/** What include resolution may look at: the scanned files and their text (an Inventory fits). */
export interface ScannedFiles {
  readonly files: readonly { path: string }[];
  text(path: string): string | undefined;
}

/** A directive placed in the include-expanded tree; `file` is where it is written. */
export interface NginxNode {
  directive: NginxDirective;
  file: string;
  name: string;
  args: string[];
  line: number;
  column: number;
  children: NginxNode[];
  parent?: NginxNode;
}

export type LocationModifier = '' | '=' | '^~' | '~' | '~*' | '@';

export interface NginxLocation {
  node: NginxNode;
  modifier: LocationModifier;
  pattern: string;
  /** Nested locations, in order. */
  locations: NginxLocation[];
  server: NginxServer;
}

export interface NginxServer {
  node: NginxNode;
  locations: NginxLocation[];
  /** The server answers everything with a server-level `return` (an HTTP→HTTPS redirect). */
  redirectsAll: boolean;
}

export interface UnresolvedInclude {
  file: string;
  line: number;
  pattern: string;
  /** `outside-root`: the pattern points above the scanned root and is ignored. */
  why: 'not-found' | 'outside-root' | 'cycle';
}

export interface NginxConfig {
  /** Top-level trees: files nothing includes (each may be a whole nginx.conf or a server snippet). */
  roots: { file: string; nodes: NginxNode[] }[];
  servers: NginxServer[];
  /** Top-level `http` blocks (or the top level of files that hold server blocks directly). */
  unresolvedIncludes: UnresolvedInclude[];
  /** Whether a file was expanded into another through `include`. */
  includedFiles: Set<string>;
}

/** Conventional install prefixes that an absolute include is written against. */
const NGINX_PREFIXES = [
  '/etc/nginx/',
  '/usr/local/nginx/conf/',
  '/usr/local/openresty/nginx/conf/',
  '/usr/local/etc/nginx/',
  '/opt/bitnami/nginx/conf/',
];
const MAX_INCLUDE_DEPTH = 16;

export function buildNginxConfig(allSources: readonly NginxSource[], scanned: ScannedFiles): NginxConfig {
  // A config in docs/ or examples/ illustrates a setup; it is not the proxy in front of this service.
  const sources = allSources.filter((s) => !isExamplePath(s.path));
  const models = new Map<string, NginxModel | null>(sources.map((s) => [s.path, s.model]));
  const allPaths = scanned.files.map((f) => f.path);
  const mains = sources.filter((s) => s.model.directives.some((d) => d.name === 'http' || d.name === 'events')).map((s) => s.path);
  const unresolvedIncludes: UnresolvedInclude[] = [];
  const includedFiles = new Set<string>();

  const modelOf = (path: string): NginxModel | undefined => {
    if (!models.has(path)) {
      // Snippets (`proxy_buffering off;` alone) are not classified as nginx; parse them on demand.
      const text = scanned.text(path);
      const parsed = text === undefined ? undefined : parseNginx(text);
      models.set(path, parsed?.ok ? parsed.value : null);
    }
    return models.get(path) ?? undefined;
  };

  const expand = (directives: readonly NginxDirective[], file: string, parent: NginxNode | undefined, stack: string[]): NginxNode[] => {
    const out: NginxNode[] = [];
    for (const directive of directives) {
      if (directive.name === 'include' && directive.args[0] !== undefined) {
        const pattern = directive.args[0];
        const { paths, why } = resolveInclude(pattern, file, mains, allPaths);
        if (!paths.length) unresolvedIncludes.push({ file, line: directive.line, pattern, why: why ?? 'not-found' });
        for (const target of paths) {
          if (stack.includes(target) || stack.length >= MAX_INCLUDE_DEPTH) {
            unresolvedIncludes.push({ file, line: directive.line, pattern, why: 'cycle' });
            continue;
          }
          const model = modelOf(target);
          if (!model) continue;
          includedFiles.add(target);
          out.push(...expand(model.directives, target, parent, [...stack, target]));
        }
        continue;
      }
      const node: NginxNode = {
        directive,
        file,
        name: directive.name,
        args: directive.args,
        line: directive.line,
        column: directive.column,
        children: [],
        parent,
      };
      if (directive.block) node.children = expand(directive.block, file, node, stack);
      out.push(node);
    }
    return out;
  };

  // First pass finds which files are included; those are not roots of their own.
  const trees = new Map<string, NginxNode[]>();
  for (const source of sources) trees.set(source.path, expand(source.model.directives, source.path, undefined, [source.path]));
  const roots = sources
    .filter((s) => !includedFiles.has(s.path))
    .map((s) => ({ file: s.path, nodes: trees.get(s.path)! }));
  // Unresolved includes were recorded once per expansion; keep each once.
  const seen = new Set<string>();
  const unique = unresolvedIncludes.filter((u) => {
    const key = `${u.file}:${u.line}:${u.pattern}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  const servers: NginxServer[] = [];
  for (const root of roots) collectServers(root.nodes, servers);
  return { roots, servers, unresolvedIncludes: unique, includedFiles };
}

function collectServers(nodes: readonly NginxNode[], out: NginxServer[]): void {
  for (const node of nodes) {
    // `server` blocks of `http` or of a server snippet's top level; not `stream`, not `upstream`'s lines.
    if (node.name === 'server' && node.directive.block && (!node.parent || node.parent.name === 'http')) {
      const server: NginxServer = { node, locations: [], redirectsAll: node.children.some((c) => c.name === 'return') };
      server.locations = collectLocations(node.children, server);
      out.push(server);
    } else if (node.name === 'http') {
      collectServers(node.children, out);
    }
  }
  // A file of bare `location` blocks (included into a server elsewhere, unresolved) is not a server.
}

function collectLocations(nodes: readonly NginxNode[], server: NginxServer): NginxLocation[] {
  const out: NginxLocation[] = [];
  for (const node of nodes) {
    if (node.name !== 'location' || !node.directive.block) continue;
    const [first, second] = node.args;
    const isModifier = first === '=' || first === '^~' || first === '~' || first === '~*';
    const modifier: LocationModifier = isModifier ? (first as LocationModifier) : first?.startsWith('@') ? '@' : '';
    const pattern = isModifier ? (second ?? '') : (first ?? '');
    const location: NginxLocation = { node, modifier, pattern, locations: [], server };
    location.locations = collectLocations(node.children, server);
    out.push(location);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// include resolution

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Joins and normalises repository-relative paths; undefined when `..` climbs above the root. */
export function joinRepoPath(dir: string, relative: string): string | undefined {
  const parts: string[] = [];
  for (const part of `${dir}/${relative}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

/** nginx include globs: `*`, `?`, `[...]` within one path segment. */
function globRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*' && glob[i + 2] === '/') {
      // Only our own suffix search writes `**/`: any folders, or none.
      source += '(?:.*/)?';
      i += 2;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The folder an absolute `/etc/nginx/...` include means inside the repository. */
function prefixDirFor(file: string, mains: readonly string[]): string {
  if (mains.includes(file)) return dirOf(file);
  const dir = dirOf(file);
  const enclosing = mains
    .map(dirOf)
    .filter((d) => d === '' || dir === d || dir.startsWith(`${d}/`))
    .sort((a, b) => b.length - a.length);
  return enclosing[0] ?? dir;
}

export function resolveInclude(
  pattern: string,
  file: string,
  mains: readonly string[],
  allPaths: readonly string[],
): { paths: string[]; why?: UnresolvedInclude['why'] } {
  const prefixDir = prefixDirFor(file, mains);
  const candidates: (string | undefined)[] = [];
  if (pattern.startsWith('/')) {
    const prefix = NGINX_PREFIXES.find((p) => pattern.startsWith(p));
    // Any other absolute path is a file of the machine, not of the repository.
    if (!prefix) return { paths: [], why: 'outside-root' };
    candidates.push(joinRepoPath(prefixDir, pattern.slice(prefix.length)));
  } else {
    // nginx resolves relative includes against its prefix; repositories often mean the file's folder.
    candidates.push(joinRepoPath(prefixDir, pattern), joinRepoPath(dirOf(file), pattern));
  }
  // `/etc/nginx/conf.d/*.conf` from a main config kept elsewhere than its conf.d: the same
  // folder-and-glob tail anywhere in the repository (a bare `*.conf` is too loose for that).
  const tail = (pattern.startsWith('/') ? pattern.slice(NGINX_PREFIXES.find((p) => pattern.startsWith(p))!.length) : pattern)
    .split('/')
    .filter((p) => p && p !== '.');
  const suffix = tail.length >= 2 && !tail.includes('..') ? globRegExp(`**/${tail.join('/')}`) : undefined;
  let climbed = false;
  for (const candidate of candidates) {
    if (candidate === undefined) {
      climbed = true;
      continue;
    }
    const re = globRegExp(candidate);
    const matches = allPaths.filter((p) => p !== file && re.test(p)).sort();
    if (matches.length) return { paths: matches };
  }
  const anywhere = suffix ? allPaths.filter((p) => p !== file && suffix.test(`/${p}`)).sort() : [];
  if (anywhere.length) return { paths: anywhere };
  return { paths: [], why: climbed ? 'outside-root' : 'not-found' };
}

// ---------------------------------------------------------------------------------------------
// inheritance

/** The contexts settings inherit through; `if` blocks are conditional and do not count. */
function isContext(node: NginxNode): boolean {
  return node.name === 'location' || node.name === 'server' || node.name === 'http';
}

function contextChain(node: NginxNode): NginxNode[] {
  const chain: NginxNode[] = [];
  for (let n: NginxNode | undefined = node; n; n = n.parent) if (isContext(n)) chain.push(n);
  return chain;
}

export interface EffectiveSetting {
  /** The directive that decides, or undefined when nginx's default applies. */
  node?: NginxNode;
  /** Its arguments (`['off']`), or the default's. */
  args: string[];
  /** Which context it was set in. */
  level?: string;
}

/**
 * The value of a single-valued directive at `at` (a location or server node): the nearest
 * context that sets it wins; nginx's default otherwise.
 */
export function effective(at: NginxNode, name: string, defaultArgs: string[] = []): EffectiveSetting {
  for (const context of contextChain(at)) {
    const own = context.children.filter((c) => c.name === name);
    if (own.length) {
      const last = own[own.length - 1];
      return { node: last, args: last.args, level: context.name };
    }
  }
  return { args: defaultArgs };
}

/**
 * Array-valued directives (`add_header`, `proxy_set_header`): a context that has any replaces
 * everything inherited, so the effective list is that of the nearest context that has one.
 */
export function effectiveList(at: NginxNode, name: string): NginxNode[] {
  for (const context of contextChain(at)) {
    const own = context.children.filter((c) => c.name === name);
    if (own.length) return own;
  }
  return [];
}

/** `add_header` entries in force at a location or server (with their header names lower-cased). */
export function effectiveHeaders(at: NginxNode): { name: string; value: string; node: NginxNode }[] {
  return effectiveList(at, 'add_header')
    .filter((n) => n.args.length >= 2)
    .map((n) => ({ name: n.args[0].toLowerCase(), value: n.args[1], node: n }));
}

export function isOn(setting: EffectiveSetting): boolean {
  return setting.args[0]?.toLowerCase() === 'on';
}

/** nginx time values (`60`, `300s`, `5m`, `1h 30m`, `500ms`) in seconds; undefined if unreadable. */
export function nginxSeconds(value: string): number | undefined {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };
  const parts = value.trim().split(/\s+/);
  let total = 0;
  for (const part of parts) {
    const match = /^(\d+)(ms|s|m|h|d|w|M|y)?$/.exec(part);
    if (!match) return undefined;
    total += Number(match[1]) * units[match[2] ?? 's'];
  }
  return parts.length ? total : undefined;
}

/** nginx sizes (`1m`, `512k`, `2g`, `1048576`) in bytes; undefined if unreadable. */
export function nginxBytes(value: string): number | undefined {
  const match = /^(\d+)([kKmMgG])?$/.exec(value.trim());
  if (!match) return undefined;
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]?.toLowerCase() ?? ''] ?? 1;
  return Number(match[1]) * unit;
}

// ---------------------------------------------------------------------------------------------
// proxying and location selection

export interface ProxyPass {
  node: NginxNode;
  target: string;
  /** The URI part after host[:port] (`/` in `http://app:8000/`), which replaces the matched prefix. */
  uri?: string;
}

/** The `proxy_pass` of a location (directly, or in an `if` inside it); not inherited, as in nginx. */
export function proxyPassOf(location: NginxLocation): ProxyPass | undefined {
  const direct = location.node.children.find((c) => c.name === 'proxy_pass');
  const inIf = location.node.children.filter((c) => c.name === 'if').flatMap((c) => c.children.filter((d) => d.name === 'proxy_pass'));
  const node = direct ?? inIf[0];
  if (!node || !node.args[0]) return undefined;
  const target = node.args[0];
  const match = /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(target);
  // With variables nginx passes the request URI as is; the URI part is not a replacement then.
  const uri = match?.[1] !== undefined && !target.includes('$') ? match[1] : undefined;
  return { node, target, uri };
}

/** PCRE as nginx writes it, as a JS RegExp; undefined when it cannot be translated. */
function locationRegExp(location: NginxLocation): RegExp | undefined {
  try {
    const source = location.pattern.replace(/\(\?P</g, '(?<');
    return new RegExp(source, location.modifier === '~*' ? 'i' : '');
  } catch {
    return undefined;
  }
}

interface Match {
  location?: NginxLocation;
  final: boolean;
}

function findIn(locations: readonly NginxLocation[], path: string): Match {
  const exact = locations.find((l) => l.modifier === '=' && l.pattern === path);
  if (exact) return { location: exact, final: true };
  let prefix: NginxLocation | undefined;
  for (const l of locations) {
    if ((l.modifier === '' || l.modifier === '^~') && path.startsWith(l.pattern)) {
      if (!prefix || l.pattern.length > prefix.pattern.length) prefix = l;
    }
  }
  let current = prefix;
  if (prefix) {
    const nested = findIn(prefix.locations, path);
    if (nested.final) return nested;
    if (nested.location) current = nested.location;
    if (prefix.modifier === '^~') return { location: current, final: true };
  }
  for (const l of locations) {
    if (l.modifier !== '~' && l.modifier !== '~*') continue;
    if (locationRegExp(l)?.test(path)) {
      const nested = findIn(l.locations, path);
      return { location: nested.location ?? l, final: true };
    }
  }
  return { location: current, final: false };
}

/** The location of a server that handles a request path, by nginx's selection order. */
export function selectLocation(server: NginxServer, path: string): NginxLocation | undefined {
  return findIn(server.locations, path).location;
}

export interface ProxiedRoute {
  server: NginxServer;
  location: NginxLocation;
  proxyPass: ProxyPass;
  /** The path a client requests at the edge. */
  edgePath: string;
}

function allLocations(locations: readonly NginxLocation[]): NginxLocation[] {
  return locations.flatMap((l) => [l, ...allLocations(l.locations)]);
}

/**
 * The locations that proxy an application path: either the client requests the same path, or a
 * prefix location with a URI in `proxy_pass` rewrites `/api/x` to `/x` on its way to the app.
 */
export function locationsProxying(config: NginxConfig, appPath: string): ProxiedRoute[] {
  const out: ProxiedRoute[] = [];
  for (const server of config.servers) {
    if (server.redirectsAll) continue;
    const edgePaths = new Set<string>([appPath]);
    for (const l of allLocations(server.locations)) {
      const pass = l.modifier === '' || l.modifier === '^~' ? proxyPassOf(l) : undefined;
      if (pass?.uri !== undefined && appPath.startsWith(pass.uri)) edgePaths.add(l.pattern + appPath.slice(pass.uri.length));
    }
    for (const edgePath of edgePaths) {
      const location = selectLocation(server, edgePath);
      if (!location) continue;
      const pass = proxyPassOf(location);
      if (!pass) continue;
      const arrives =
        pass.uri !== undefined && (location.modifier === '' || location.modifier === '^~')
          ? pass.uri + edgePath.slice(location.pattern.length)
          : edgePath;
      if (arrives === appPath && !out.some((o) => o.location === location)) out.push({ server, location, proxyPass: pass, edgePath });
    }
  }
  return out;
}

/** Every location (nested ones too) that proxies to an upstream. */
export function proxyingLocations(config: NginxConfig): { server: NginxServer; location: NginxLocation; proxyPass: ProxyPass }[] {
  const out: { server: NginxServer; location: NginxLocation; proxyPass: ProxyPass }[] = [];
  for (const server of config.servers) {
    if (server.redirectsAll) continue;
    for (const location of allLocations(server.locations)) {
      const proxyPass = proxyPassOf(location);
      if (proxyPass) out.push({ server, location, proxyPass });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// rate limiting (shared with the rate-limit rules)

export interface ZoneRef {
  zone: string;
  file: string;
  line: number;
  column: number;
  /** `limit_req_zone`/`limit_req` or `limit_conn_zone`/`limit_conn`. */
  directive: string;
}

/** Rate-limit zones defined (`limit_req_zone … zone=name:10m`) and used (`limit_req zone=name`). */
export function rateLimitZones(config: NginxConfig): { defined: ZoneRef[]; used: ZoneRef[] } {
  const defined: ZoneRef[] = [];
  const used: ZoneRef[] = [];
  const visit = (nodes: readonly NginxNode[]) => {
    for (const node of nodes) {
      const zoneArg = node.args.find((a) => a.startsWith('zone='));
      if (node.name === 'limit_req_zone' || node.name === 'limit_conn_zone') {
        const zone = zoneArg?.slice(5).split(':')[0];
        if (zone) defined.push({ zone, file: node.file, line: node.line, column: node.column, directive: node.name });
      } else if (node.name === 'limit_req' && zoneArg) {
        used.push({ zone: zoneArg.slice(5), file: node.file, line: node.line, column: node.column, directive: node.name });
      } else if (node.name === 'limit_conn' && node.args[0]) {
        used.push({ zone: node.args[0], file: node.file, line: node.line, column: node.column, directive: node.name });
      }
      visit(node.children);
    }
  };
  for (const root of config.roots) visit(root.nodes);
  return { defined, used };
}

/** Every node of the expanded trees, depth first. */
export function* allNodes(config: NginxConfig): Generator<NginxNode> {
  function* visit(nodes: readonly NginxNode[]): Generator<NginxNode> {
    for (const node of nodes) {
      yield node;
      yield* visit(node.children);
    }
  }
  for (const root of config.roots) yield* visit(root.nodes);
}

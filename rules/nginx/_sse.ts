import type { Inventory } from '../../src/engine/inventory.js';
import type { EvidenceInput, ParsedFile } from '../../src/engine/types.js';
import {
  buildNginxConfig,
  effective,
  effectiveList,
  locationsProxying,
  proxyingLocations,
  type NginxConfig,
  type NginxLocation,
  type NginxSource,
  type ProxyPass,
} from '../../src/analysis/nginx.js';
import { SseCollector, type SseRoute } from '../../src/analysis/sse.js';

/** Upstream hosts that are front ends, not the API that streams. */
const FRONTEND_HOST = /(?:^|[-_.])(?:front|frontend|web|ui|client|next|nuxt|vite|spa|static)(?:$|[-_.\d])/i;

export interface SseThroughNginx {
  location: NginxLocation;
  proxyPass: ProxyPass;
  /** The SSE route, or undefined when the app's SSE could not be tied to a route path. */
  sse?: SseRoute;
  /** Where the SSE response is when no route was resolved. */
  site?: { file: string; line: number };
  edgePath: string;
  /** The location was chosen by the `/api` fallback rather than by path. */
  guessed: boolean;
  /** The app sends `X-Accel-Buffering: no` on it (route, helper or app-wide). */
  appDisablesBuffering: boolean;
}

function upstreamHost(pass: ProxyPass): string {
  return /^[a-z]+:\/\/([^/:]+)/i.exec(pass.target)?.[1] ?? pass.target;
}

/** Whether nginx honours the app's `X-Accel-Buffering` header at this location. */
export function honoursAccelHeader(location: NginxLocation): boolean {
  const ignored = effectiveList(location.node, 'proxy_ignore_headers').flatMap((n) => n.args.map((a) => a.toLowerCase()));
  return !ignored.includes('x-accel-buffering');
}

export function bufferingOn(location: NginxLocation): boolean {
  return effective(location.node, 'proxy_buffering', ['on']).args[0]?.toLowerCase() !== 'off';
}

/**
 * Gathers nginx files and app SSE facts during the visit and pairs SSE routes with the nginx
 * locations that proxy them.
 */
export class SseEdge {
  private readonly nginx: NginxSource[] = [];
  private readonly sse: SseCollector;

  constructor(private readonly inventory: Inventory) {
    this.sse = new SseCollector(inventory);
  }

  visitors() {
    // Without an nginx file nothing pairs (`pairs()` returns none): skip the app scan.
    const anyNginx = this.inventory.files.some((f) => f.kind === 'nginx');
    return {
      nginx: (file: ParsedFile<'nginx'>) => void this.nginx.push({ path: file.path, model: file.model }),
      python: (file: ParsedFile<'python'>) => anyNginx && this.sse.python(file),
      js: (file: ParsedFile<'js'>) => anyNginx && this.sse.js(file),
    };
  }

  config(): NginxConfig {
    return buildNginxConfig(this.nginx, this.inventory);
  }

  /**
   * One pairing per SSE route and the location that serves it. When a route is reachable through
   * several locations, the one most likely to front the streaming API is kept, and none is kept
   * if any of them already turns buffering off (a false P0 costs more than a miss).
   */
  pairs(): SseThroughNginx[] {
    if (!this.nginx.length) return [];
    const config = this.config();
    const app = this.sse.resolve();
    const appWideAccel = app.accelOutsideHandlers.length > 0;
    const out: SseThroughNginx[] = [];
    for (const sse of app.routes) {
      const candidates = sse.route.fullPaths.flatMap((p) => locationsProxying(config, p));
      if (!candidates.length) continue;
      const ranked = [...candidates].sort((a, b) => score(b) - score(a));
      const best = ranked[0];
      const appDisablesBuffering = sse.accel || appWideAccel;
      // Only the strongest candidates compete: a front-end catch-all does not stand for the API.
      const rivals = ranked.filter((c) => score(c) === score(best));
      if (rivals.some((c) => !bufferingOn(c.location))) {
        out.push({ ...best, location: rivals.find((c) => !bufferingOn(c.location))!.location, sse, guessed: false, appDisablesBuffering });
        continue;
      }
      if (!out.some((o) => o.location === best.location && o.sse?.route === sse.route)) {
        out.push({ location: best.location, proxyPass: best.proxyPass, edgePath: best.edgePath, sse, guessed: false, appDisablesBuffering });
      }
    }
    if (!app.routes.length && app.orphanSites.length) {
      const proxying = proxyingLocations(config);
      const api = proxying.filter((p) => /api/i.test(p.location.pattern));
      const chosen = proxying.length === 1 ? proxying[0] : api.length === 1 ? api[0] : undefined;
      if (chosen) {
        out.push({
          location: chosen.location,
          proxyPass: chosen.proxyPass,
          edgePath: chosen.location.pattern,
          site: app.orphanSites[0],
          guessed: proxying.length !== 1,
          appDisablesBuffering: appWideAccel,
        });
      }
    }
    return out;
  }
}

/** Higher for a location that more likely fronts the streaming API. */
function score(c: { location: NginxLocation; proxyPass: ProxyPass }): number {
  let s = 0;
  if (!FRONTEND_HOST.test(upstreamHost(c.proxyPass))) s += 2;
  if (c.location.pattern !== '/') s += 1;
  return s;
}

export function locationLabel(location: NginxLocation): string {
  return `${location.modifier ? `${location.modifier} ` : ''}${location.pattern}`;
}

export function routeLabel(pair: SseThroughNginx): string {
  return pair.sse ? `${pair.sse.route.methods.join('/') || 'GET'} ${pair.sse.route.fullPaths[0] ?? pair.sse.route.path}` : pair.edgePath;
}

/** The app side of a pairing: the route declaration, or the SSE response when no route was found. */
export function appEvidence(pair: SseThroughNginx): EvidenceInput {
  return pair.sse ? { path: pair.sse.route.file, line: pair.sse.route.line } : { path: pair.site!.file, line: pair.site!.line };
}

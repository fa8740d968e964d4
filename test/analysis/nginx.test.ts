import { describe, expect, it } from 'vitest';
import {
  buildNginxConfig,
  effective,
  effectiveHeaders,
  locationsProxying,
  nginxBytes,
  nginxSeconds,
  rateLimitZones,
  selectLocation,
  type NginxConfig,
} from '../../src/analysis/nginx.js';
import { parseNginx } from '../../src/parsers/nginx.js';

/** Files as the scan would hold them; every one is parsed as nginx when it parses. */
function config(files: Record<string, string>, nginxPaths = Object.keys(files).filter((p) => /server|http|location/.test(files[p]))): NginxConfig {
  const sources = nginxPaths.map((path) => {
    const parsed = parseNginx(files[path]);
    if (!parsed.ok) throw new Error(`${path}: ${parsed.error.message}`);
    return { path, model: parsed.value };
  });
  return buildNginxConfig(sources, { files: Object.keys(files).map((path) => ({ path })), text: (p) => files[p] });
}

const SELECTION = `
server {
  listen 80;
  location / { proxy_pass http://web:3000; }
  location /api/ { proxy_pass http://api:8000; }
  location ^~ /api/static/ { root /srv; }
  location = /api/health { return 200; }
  location ~* \\.(png|jpg)$ { expires 30d; }
  location /api/chat/ {
    proxy_pass http://api:8000;
    location ~ /stream$ { proxy_pass http://api:8000; proxy_buffering off; }
  }
}`;

describe('nginx location selection', () => {
  const server = config({ 'nginx.conf': SELECTION }).servers[0];
  const pick = (path: string) => {
    const l = selectLocation(server, path);
    return l ? `${l.modifier}${l.modifier ? ' ' : ''}${l.pattern}` : undefined;
  };
  it('exact, longest prefix, ^~, regex order and nested regex', () => {
    expect(pick('/api/health')).toBe('= /api/health');
    expect(pick('/api/users')).toBe('/api/');
    expect(pick('/api/static/logo.png')).toBe('^~ /api/static/');
    expect(pick('/img/logo.PNG')).toBe('~* \\.(png|jpg)$');
    expect(pick('/api/chat/stream')).toBe('~ /stream$');
    expect(pick('/api/chat/history')).toBe('/api/chat/');
    expect(pick('/about')).toBe('/');
  });
});

describe('nginx inheritance', () => {
  const cfg = config({
    'nginx/nginx.conf': `
events {}
http {
  gzip on;
  proxy_buffering off;
  add_header X-Content-Type-Options nosniff;
  include /etc/nginx/conf.d/*.conf;
}`,
    'nginx/conf.d/app.conf': `
server {
  listen 80;
  add_header Strict-Transport-Security "max-age=31536000" always;
  location /api/ {
    proxy_pass http://api:8000/;
    include snippets/sse.conf;
  }
  location /files/ {
    add_header Cache-Control no-store;
    proxy_pass http://files:9000;
  }
}`,
    'nginx/snippets/sse.conf': 'proxy_buffering on;\nproxy_read_timeout 1h;\n',
  });

  it('resolves includes inside the repository, globs and snippets too', () => {
    expect(cfg.roots.map((r) => r.file)).toEqual(['nginx/nginx.conf']);
    expect(cfg.servers).toHaveLength(1);
    expect(cfg.unresolvedIncludes).toEqual([]);
  });

  it('takes the nearest setting, from included snippets as well', () => {
    const [api, files] = cfg.servers[0].locations;
    expect(effective(api.node, 'proxy_buffering', ['on'])).toMatchObject({ args: ['on'], level: 'location' });
    expect(effective(api.node, 'proxy_buffering').node?.file).toBe('nginx/snippets/sse.conf');
    expect(effective(files.node, 'proxy_buffering', ['on'])).toMatchObject({ args: ['off'], level: 'http' });
    expect(effective(files.node, 'gzip', ['off']).args).toEqual(['on']);
    expect(effective(files.node, 'client_max_body_size', ['1m'])).toEqual({ args: ['1m'] });
  });

  it('add_header in a block replaces every inherited add_header', () => {
    const [api, files] = cfg.servers[0].locations;
    expect(effectiveHeaders(api.node).map((h) => h.name)).toEqual(['strict-transport-security']);
    expect(effectiveHeaders(files.node).map((h) => h.name)).toEqual(['cache-control']);
    expect(effectiveHeaders(cfg.servers[0].node).map((h) => h.name)).toEqual(['strict-transport-security']);
  });

  it('maps application paths through proxy_pass URIs', () => {
    expect(locationsProxying(cfg, '/chat/stream').map((p) => [p.location.pattern, p.edgePath])).toEqual([['/api/', '/api/chat/stream']]);
    // The same app path is reachable two ways when both upstreams could serve it.
    expect(locationsProxying(cfg, '/files/a').map((p) => p.location.pattern)).toEqual(['/files/', '/api/']);
    expect(locationsProxying(cfg, '/other').map((p) => p.edgePath)).toEqual(['/api/other']);
  });
});

describe('nginx include safety', () => {
  it('never resolves outside the root', () => {
    const cfg = config({
      'deploy/nginx.conf': 'http { include ../../etc/secret.conf; include /home/me/x.conf; server { listen 80; } }',
      'etc/secret.conf': 'server { listen 81; }',
    });
    expect(cfg.unresolvedIncludes.map((u) => u.why)).toEqual(['outside-root', 'outside-root']);
    expect(cfg.servers.map((s) => s.node.file)).toEqual(['deploy/nginx.conf', 'etc/secret.conf']);
  });

  it('stops include cycles', () => {
    const cfg = config({ 'a.conf': 'server { include b.conf; }', 'b.conf': 'location / { include a.conf; }' });
    expect(cfg.unresolvedIncludes.some((u) => u.why === 'cycle')).toBe(true);
  });

  it('finds conf.d next to a main config kept elsewhere', () => {
    const cfg = config({
      'docker/nginx/nginx.conf': 'events {} http { proxy_buffering off; include /etc/nginx/conf.d/*.conf; }',
      'docker/conf.d/site.conf': 'server { location / { proxy_pass http://app; } }',
    });
    expect(cfg.roots.map((r) => r.file)).toEqual(['docker/nginx/nginx.conf']);
    expect(effective(cfg.servers[0].locations[0].node, 'proxy_buffering').args).toEqual(['off']);
  });
});

describe('nginx values and zones', () => {
  it('reads times and sizes', () => {
    expect(nginxSeconds('60')).toBe(60);
    expect(nginxSeconds('5m')).toBe(300);
    expect(nginxSeconds('1h 30m')).toBe(5400);
    expect(nginxSeconds('soon')).toBeUndefined();
    expect(nginxBytes('1m')).toBe(1048576);
    expect(nginxBytes('0')).toBe(0);
    expect(nginxBytes('2G')).toBe(2 * 1024 ** 3);
  });

  it('lists rate-limit zones defined and used', () => {
    const cfg = config({
      'nginx.conf': 'http {\n  limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;\n  limit_req_zone $binary_remote_addr zone=login:10m rate=1r/s;\n  server {\n    location /api/ { limit_req zone=api burst=20 nodelay; proxy_pass http://a; }\n  }\n}',
    });
    const zones = rateLimitZones(cfg);
    expect(zones.defined.map((z) => [z.zone, z.line])).toEqual([
      ['api', 2],
      ['login', 3],
    ]);
    expect(zones.used.map((z) => [z.zone, z.line])).toEqual([['api', 5]]);
  });
});

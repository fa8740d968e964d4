import { effectiveHeaders, type NginxLocation } from '../../src/analysis/nginx.js';
import { joined } from '../../src/engine/message-words.js';
import { defineRule } from '../../src/engine/rule.js';
import type { MessageValue } from '../../src/engine/types.js';
import { NginxFiles } from '../nginx/_config.js';
import { headerAdvice } from './_advice.js';
import { edgeHeaders } from './_edge.js';
import { AppHeaders, HEADER_LABEL, SECURITY_HEADERS, type SecurityHeader } from './_app.js';

function allLocations(locations: readonly NginxLocation[]): NginxLocation[] {
  return locations.flatMap((l) => [l, ...allLocations(l.locations)]);
}

function label(headers: readonly SecurityHeader[], conjunction: 'and' | 'or' = 'or'): MessageValue {
  return joined(headers.map((h) => HEADER_LABEL[h]), conjunction);
}

export default defineRule({
  meta: {
    id: 'headers/missing-security-headers',
    priority: 'P2',
    category: 'security',
    kinds: ['nginx', 'python', 'js'],
    messages: {
      server: {
        en: 'This nginx server sends no {{missing}}, and the application does not set them either.',
        zh: '该 nginx server 未返回 {{missing}}，应用本身也没有设置这些安全响应头。',
      },
      dropped: {
        en: '`location {{location}}` has its own `add_header`, so it no longer sends the server\'s {{missing}} (nginx replaces all inherited `add_header`s).',
        zh: '`location {{location}}` 定义了自己的 `add_header`，因此不再继承 server 级的 {{missing}}（nginx 中子块的 `add_header` 会整体覆盖继承的配置）。',
      },
      app: {
        en: 'The HTTP service sets no {{missing}} (no helmet-style middleware, no hand-set headers), and no reverse-proxy configuration in the repository adds them. Without nginx in front, set them in the app: {{advice}}.',
        zh: 'HTTP 服务未设置 {{missing}}（没有 helmet 类中间件，也没有手动设置响应头），仓库中也没有补充这些响应头的反向代理配置。前面没有 nginx 时，应在应用中设置：{{advice}}。',
      },
    },
    docs: {
      en: {
        title: 'Security headers missing',
        why: 'HSTS keeps browsers on HTTPS, Content-Security-Policy limits what injected script can do, and `X-Content-Type-Options: nosniff` stops MIME sniffing. They are set either at the edge (nginx `add_header … always`) or in the app (helmet, secure headers middleware, Django SecurityMiddleware, Flask-Talisman, Next.js `headers()`). In nginx, a block with its own `add_header` drops every inherited one.',
        risk: 'SSL-stripping on first visits, cross-site scripting with no second line of defence, and content-type confusion attacks; security scanners and customer audits flag it at once.',
        fix: 'Send the three headers on every response. With nginx in front, add them in the server block (and in every location that has its own `add_header`): `add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always; add_header Content-Security-Policy "default-src \'self\'" always; add_header X-Content-Type-Options nosniff always;`. Without a proxy, set them in the app (helmet, @fastify/helmet, Next.js `headers()`, Django SecurityMiddleware with django-csp, Flask-Talisman, a FastAPI middleware).',
      },
      zh: {
        title: '缺少安全响应头',
        why: 'HSTS 让浏览器始终使用 HTTPS，Content-Security-Policy 限制注入脚本的能力，`X-Content-Type-Options: nosniff` 阻止 MIME 嗅探。它们可以在边缘（nginx `add_header … always`）或应用中（helmet、安全头中间件、Django SecurityMiddleware、Flask-Talisman、Next.js `headers()`）设置。nginx 中只要子块定义了自己的 `add_header`，就会丢弃所有继承的 `add_header`。',
        risk: '首次访问可被 SSL 剥离，XSS 缺少第二道防线，存在内容类型混淆攻击风险；安全扫描与客户审计会直接指出。',
        fix: '为每个响应加上这三个头。前面有 nginx 时，在 server 块（以及每个自带 `add_header` 的 location）中加入 `add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always; add_header Content-Security-Policy "default-src \'self\'" always; add_header X-Content-Type-Options nosniff always;`；没有反向代理时在应用中设置（helmet、@fastify/helmet、Next.js `headers()`、Django SecurityMiddleware 配合 django-csp、Flask-Talisman、FastAPI 中间件）。',
      },
    },
    examples: {
      bad: 'server {\n    listen 443 ssl;\n    location / { proxy_pass http://app:8000; }\n}',
      good: 'server {\n    listen 443 ssl;\n    add_header Strict-Transport-Security "max-age=31536000" always;\n    add_header Content-Security-Policy "default-src \'self\'" always;\n    add_header X-Content-Type-Options nosniff always;\n    location / { proxy_pass http://app:8000; }\n}',
    },
    refs: ['https://owasp.org/www-project-secure-headers/', 'https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header'],
    tags: ['security'],
  },
  create(ctx) {
    const nginx = new NginxFiles(ctx.inventory);
    const app = new AppHeaders(ctx.inventory);
    return {
      nginx: nginx.visit,
      js: (file) => app.js(file),
      python: (file) => app.python(file),
      done() {
        const fromApp = app.headers();
        // Caddy or Traefik in front sets them as well as nginx would.
        const fromEdge = edgeHeaders(ctx.inventory);
        const needed = SECURITY_HEADERS.filter((h) => !fromApp.has(h) && !fromEdge.has(h));
        if (!needed.length) return;
        const servers = nginx.sources.length ? nginx.config().servers.filter((s) => !s.redirectsAll) : [];
        if (!servers.length) {
          // Repository level: only for a server app, pointed at where the app starts.
          if (!app.entry) return;
          ctx.report({
            messageId: 'app',
            data: { missing: label(needed), advice: headerAdvice(app.entry.framework) },
            evidence: [{ path: app.entry.path, ...(app.entry.line ? { line: app.entry.line } : {}) }],
          });
          return;
        }
        const seen = new Set<string>();
        for (const server of servers) {
          const key = `${server.node.file}:${server.node.line}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const atServer = new Set(effectiveHeaders(server.node).map((h) => h.name));
          const missing = needed.filter((h) => !atServer.has(h));
          if (missing.length) {
            ctx.report({
              messageId: 'server',
              data: { missing: label(missing) },
              evidence: [{ path: server.node.file, line: server.node.line, column: server.node.column }],
            });
          }
          const present = needed.filter((h) => atServer.has(h));
          for (const location of allLocations(server.locations)) {
            if (!location.node.children.some((c) => c.name === 'add_header')) continue;
            const here = new Set(effectiveHeaders(location.node).map((h) => h.name));
            const dropped = present.filter((h) => !here.has(h));
            if (!dropped.length) continue;
            ctx.report({
              messageId: 'dropped',
              data: { missing: label(dropped, 'and'), location: `${location.modifier ? `${location.modifier} ` : ''}${location.pattern}` },
              evidence: [{ path: location.node.file, line: location.node.line, column: location.node.column }],
            });
          }
        }
      },
    };
  },
});

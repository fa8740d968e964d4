import { effective, effectiveList, nginxSeconds, type NginxNode } from '../../src/analysis/nginx.js';
import type { EvidenceInput } from '../../src/engine/types.js';
import { defineRule } from '../../src/engine/rule.js';
import { appEvidence, locationLabel, routeLabel, SseEdge } from './_sse.js';

/** A stream idle longer than this is cut by the proxy; most answers and progress feeds pause less. */
const MIN_STREAM_TIMEOUT_S = 300;

function gzipCoversSse(location: NginxNode): { gzip?: NginxNode; types?: NginxNode } | undefined {
  const gzip = effective(location, 'gzip', ['off']);
  if (gzip.args[0]?.toLowerCase() !== 'on') return undefined;
  const types = effective(location, 'gzip_types', ['text/html']);
  const listed = types.args.map((t) => t.toLowerCase());
  if (!listed.includes('*') && !listed.includes('text/event-stream')) return undefined;
  return { gzip: gzip.node, types: types.node };
}

/** What keeps nginx from holding the upstream connection open: the HTTP version, the `Connection` header, or both. */
function keepaliveGap(location: NginxNode): 'keepalive' | 'keepaliveVersion' | 'keepaliveConnection' | undefined {
  const version = effective(location, 'proxy_http_version', ['1.0']).args[0];
  const connection = effectiveList(location, 'proxy_set_header').find((h) => h.args[0]?.toLowerCase() === 'connection');
  // `Connection ""` or an upgrade map variable (`$connection_upgrade`) both avoid `close`.
  const connectionKept = !!connection && connection.args[1]?.toLowerCase() !== 'close';
  if (version === '1.1') return connectionKept ? undefined : 'keepaliveConnection';
  return connectionKept ? 'keepaliveVersion' : 'keepalive';
}

export default defineRule({
  meta: {
    id: 'nginx/sse-gzip-timeout',
    priority: 'P2',
    category: 'reliability',
    kinds: ['nginx', 'python', 'js'],
    messages: {
      gzip: {
        en: 'nginx compresses the Server-Sent Events stream of `{{route}}` at `location {{location}}` (`gzip on` with `text/event-stream` in `gzip_types`): gzip holds events back until its buffer fills.',
        zh: 'nginx 在 `location {{location}}` 对 SSE 路由 `{{route}}` 启用了压缩（`gzip on` 且 `gzip_types` 包含 `text/event-stream`）：gzip 会攒满缓冲区才输出，事件被延迟。',
      },
      timeout: {
        en: '`location {{location}}` proxies the Server-Sent Events stream of `{{route}}` with `proxy_read_timeout` {{seconds}}s: a stream quiet for longer is cut by nginx.',
        zh: '`location {{location}}` 代理 SSE 路由 `{{route}}` 时 `proxy_read_timeout` 为 {{seconds}} 秒：流空闲超过该时间会被 nginx 断开。',
      },
      timeoutDefault: {
        en: '`location {{location}}` proxies the Server-Sent Events stream of `{{route}}` with the default `proxy_read_timeout` of {{seconds}}s: a stream quiet for longer is cut by nginx.',
        zh: '`location {{location}}` 代理 SSE 路由 `{{route}}` 时使用默认的 `proxy_read_timeout`（{{seconds}} 秒）：流空闲超过该时间会被 nginx 断开。',
      },
      keepalive: {
        en: '`location {{location}}` proxies the Server-Sent Events stream of `{{route}}` without `proxy_http_version 1.1` and `proxy_set_header Connection ""`: nginx talks HTTP/1.0 with `Connection: close` to the app.',
        zh: '`location {{location}}` 代理 SSE 路由 `{{route}}` 时未设置 `proxy_http_version 1.1` 与 `proxy_set_header Connection ""`：nginx 以 HTTP/1.0 并带 `Connection: close` 访问后端，长连接流式传输不可靠。',
      },
      keepaliveConnection: {
        en: '`location {{location}}` proxies the Server-Sent Events stream of `{{route}}` with `proxy_http_version 1.1` but without `proxy_set_header Connection ""`: nginx still sends `Connection: close` to the app, so every stream opens a new upstream connection that is never reused.',
        zh: '`location {{location}}` 代理 SSE 路由 `{{route}}` 时已设置 `proxy_http_version 1.1`，但缺少 `proxy_set_header Connection ""`：nginx 仍会向后端发送 `Connection: close`，每个流都新建到后端的连接且无法复用。',
      },
      keepaliveVersion: {
        en: '`location {{location}}` proxies the Server-Sent Events stream of `{{route}}` with `proxy_set_header Connection ""` but without `proxy_http_version 1.1`: nginx talks HTTP/1.0 to the app (no chunked encoding, no connection reuse).',
        zh: '`location {{location}}` 代理 SSE 路由 `{{route}}` 时已设置 `proxy_set_header Connection ""`，但缺少 `proxy_http_version 1.1`：nginx 以 HTTP/1.0 访问后端（不支持分块传输，也无法复用连接）。',
      },
    },
    docs: {
      en: {
        title: 'SSE location lacks streaming proxy settings',
        why: 'Besides buffering, three nginx defaults work against Server-Sent Events: gzip (when `text/event-stream` is among `gzip_types`) buffers output to compress it, `proxy_read_timeout` (60 s by default) closes streams that stay quiet, and HTTP/1.0 with `Connection: close` to the upstream.',
        risk: 'Events arrive late or in bursts, long answers are cut after a minute of silence, and clients reconnect in loops.',
        fix: 'In the SSE location: `gzip off; proxy_read_timeout 1h; proxy_http_version 1.1; proxy_set_header Connection "";` — and send a comment line (`: ping`) every 15–30 s from the app.',
      },
      zh: {
        title: 'SSE 代理缺少流式配置',
        why: '除缓冲外，nginx 还有三项默认配置不利于 SSE：gzip（当 `gzip_types` 包含 `text/event-stream`）需要攒数据再压缩；`proxy_read_timeout`（默认 60 秒）会断开一段时间无数据的流；与后端之间使用 HTTP/1.0 和 `Connection: close`。',
        risk: '事件延迟或成批到达，长回答在静默一分钟后被切断，客户端反复重连。',
        fix: '在 SSE 的 location 中配置 `gzip off; proxy_read_timeout 1h; proxy_http_version 1.1; proxy_set_header Connection "";`，并让应用每 15–30 秒发送一条注释行（`: ping`）作为心跳。',
      },
    },
    examples: {
      bad: 'gzip on;\ngzip_types text/event-stream application/json;\nlocation /api/stream {\n    proxy_pass http://backend:8000;\n    proxy_buffering off;\n}',
      good: 'location /api/stream {\n    proxy_pass http://backend:8000;\n    proxy_buffering off;\n    gzip off;\n    proxy_read_timeout 1h;\n    proxy_http_version 1.1;\n    proxy_set_header Connection "";\n}',
    },
    refs: [
      'https://nginx.org/en/docs/http/ngx_http_gzip_module.html#gzip_types',
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout',
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive',
    ],
  },
  create(ctx) {
    const edge = new SseEdge(ctx.inventory);
    return {
      ...edge.visitors(),
      done() {
        const seen = new Set<string>();
        for (const pair of edge.pairs()) {
          const node = pair.location.node;
          const key = `${node.file}:${node.line}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const route = routeLabel(pair);
          const app = appEvidence(pair);
          const where: EvidenceInput = { path: node.file, line: node.line, column: node.column };
          const data = { location: locationLabel(pair.location), route };
          const decided = (n?: NginxNode): EvidenceInput[] => (n ? [{ path: n.file, line: n.line }] : []);

          const gzip = gzipCoversSse(node);
          if (gzip) ctx.report({ messageId: 'gzip', data, key: 'gzip', evidence: [where, ...decided(gzip.types ?? gzip.gzip), app] });

          const timeout = effective(node, 'proxy_read_timeout', ['60s']);
          const seconds = nginxSeconds(timeout.args[0] ?? '');
          // sse-starlette pings every 15 s, which keeps even the 60 s default open.
          const pinged = pair.sse?.pings && seconds !== undefined && seconds >= 30;
          if (seconds !== undefined && seconds < MIN_STREAM_TIMEOUT_S && !pinged) {
            ctx.report({
              messageId: timeout.node ? 'timeout' : 'timeoutDefault',
              data: { ...data, seconds },
              key: 'timeout',
              evidence: [where, ...decided(timeout.node), app],
            });
          }

          const gap = keepaliveGap(node);
          if (gap) ctx.report({ messageId: gap, data, key: 'keepalive', evidence: [where, app] });
        }
      },
    };
  },
});

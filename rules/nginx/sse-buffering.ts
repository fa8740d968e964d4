import { effective } from '../../src/analysis/nginx.js';
import { defineRule } from '../../src/engine/rule.js';
import { appEvidence, bufferingOn, honoursAccelHeader, locationLabel, routeLabel, SseEdge } from './_sse.js';

export default defineRule({
  meta: {
    id: 'nginx/sse-buffering',
    priority: 'P0',
    category: 'reliability',
    kinds: ['nginx', 'python', 'js'],
    messages: {
      buffered: {
        en: 'nginx `location {{location}}` proxies the Server-Sent Events route `{{route}}` with response buffering on (the nginx default), and the app does not send `X-Accel-Buffering: no`: events reach the browser in bursts or only when the stream ends.',
        zh: 'nginx 的 `location {{location}}` 反向代理 SSE 路由 `{{route}}` 时启用了响应缓冲（nginx 默认开启），且应用未发送 `X-Accel-Buffering: no`：事件会被攒批或直到流结束才到达浏览器，流式输出失效。',
      },
      bufferedExplicit: {
        en: 'nginx `location {{location}}` proxies the Server-Sent Events route `{{route}}` with `proxy_buffering on` (set at {{setAt}}), and the app does not send `X-Accel-Buffering: no`: events reach the browser in bursts or only when the stream ends.',
        zh: 'nginx 的 `location {{location}}` 反向代理 SSE 路由 `{{route}}` 时 `proxy_buffering on`（设置于 {{setAt}}），且应用未发送 `X-Accel-Buffering: no`：事件会被攒批或直到流结束才到达浏览器，流式输出失效。',
      },
      ignored: {
        en: 'nginx `location {{location}}` proxies the Server-Sent Events route `{{route}}` with buffering on and `proxy_ignore_headers X-Accel-Buffering`, so the app\'s `X-Accel-Buffering: no` has no effect.',
        zh: 'nginx 的 `location {{location}}` 反向代理 SSE 路由 `{{route}}` 时启用了缓冲，并通过 `proxy_ignore_headers X-Accel-Buffering` 忽略了应用发送的 `X-Accel-Buffering: no`，禁用缓冲不生效。',
      },
    },
    docs: {
      en: {
        title: 'SSE stream buffered by nginx',
        why: 'nginx buffers proxied responses by default (`proxy_buffering on`). A Server-Sent Events stream is then held in nginx buffers instead of being forwarded event by event. Inheritance counts: `proxy_buffering off` in the server or http block covers the location; the app can also opt out per response with the `X-Accel-Buffering: no` header.',
        risk: 'Streaming answers (chat, progress, logs) arrive all at once or stall until a buffer fills; clients time out and users see a frozen page, though everything works when the app is called directly.',
        fix: 'In the location that proxies the stream: `proxy_buffering off; proxy_cache off; proxy_http_version 1.1; proxy_set_header Connection "";` — or send `X-Accel-Buffering: no` from the SSE response.',
      },
      zh: {
        title: 'SSE 流被 nginx 缓冲',
        why: 'nginx 默认缓冲反向代理的响应（`proxy_buffering on`），SSE 流会先积压在 nginx 缓冲区，而不是逐条转发。配置继承同样有效：server 或 http 块中的 `proxy_buffering off` 会作用于其下的 location；应用也可以在响应中发送 `X-Accel-Buffering: no` 单独关闭缓冲。',
        risk: '流式输出（对话、进度、日志）会一次性到达或在缓冲区填满前卡住，客户端超时、页面无响应；而直连应用时一切正常，问题难以排查。',
        fix: '在代理该流的 location 中配置 `proxy_buffering off; proxy_cache off; proxy_http_version 1.1; proxy_set_header Connection "";`，或在 SSE 响应中发送 `X-Accel-Buffering: no`。',
      },
    },
    examples: {
      bad: 'location /api/ {\n    proxy_pass http://backend:8000;\n}\n# app: StreamingResponse(gen(), media_type="text/event-stream")',
      good: 'location /api/ {\n    proxy_pass http://backend:8000;\n    proxy_buffering off;\n    proxy_http_version 1.1;\n    proxy_set_header Connection "";\n}',
    },
    refs: [
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffering',
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ignore_headers',
    ],
  },
  create(ctx) {
    const edge = new SseEdge(ctx.inventory);
    return {
      ...edge.visitors(),
      done() {
        for (const pair of edge.pairs()) {
          const { location } = pair;
          if (!bufferingOn(location)) continue;
          const honoured = honoursAccelHeader(location);
          if (pair.appDisablesBuffering && honoured) continue;
          const setting = effective(location.node, 'proxy_buffering');
          const messageId = pair.appDisablesBuffering ? 'ignored' : setting.node ? 'bufferedExplicit' : 'buffered';
          ctx.report({
            messageId,
            data: {
              location: locationLabel(location),
              route: routeLabel(pair),
              ...(setting.node ? { setAt: `${setting.node.file}:${setting.node.line}` } : {}),
            },
            evidence: [{ path: location.node.file, line: location.node.line, column: location.node.column }, appEvidence(pair)],
            ...(pair.guessed
              ? {
                  priority: 'P1' as const,
                  reason: 'The SSE response is not tied to a route path; the location was chosen as the only one proxying an /api prefix.',
                }
              : {}),
          });
        }
      },
    };
  },
});

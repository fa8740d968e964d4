import { effective, nginxBytes, proxyingLocations } from '../../src/analysis/nginx.js';
import { defineRule } from '../../src/engine/rule.js';
import { NginxFiles, oncePerLine } from './_config.js';

/** Above this a request body is a file upload, not an API payload. */
const HUGE_BYTES = 100 * 1024 * 1024;
/** Locations meant for uploads may legitimately accept large bodies. */
const UPLOAD_PATH = /upload|files?\b|media|attachments?|import|blob|storage|minio|s3/i;

/**
 * A missing `client_max_body_size` is not reported: nginx then limits bodies to 1 MiB, which is
 * strict rather than open. What an auditor flags is the opposite: `0` (no limit) or a limit so
 * large that one request can hold a worker and the app's memory, on locations that are not uploads.
 */
export default defineRule({
  meta: {
    id: 'nginx/no-body-limit',
    priority: 'P2',
    category: 'reliability',
    kinds: ['nginx'],
    messages: {
      unlimited: {
        en: '`client_max_body_size 0` turns off the request body limit for `location {{location}}`, which proxies to `{{upstream}}`.',
        zh: '`client_max_body_size 0` 关闭了请求体大小限制，作用于代理到 `{{upstream}}` 的 `location {{location}}`。',
      },
      huge: {
        en: '`client_max_body_size {{size}}` lets a single request to `location {{location}}` (proxied to `{{upstream}}`) carry {{size}}, far beyond what an API call needs.',
        zh: '`client_max_body_size {{size}}` 允许发往 `location {{location}}`（代理到 `{{upstream}}`）的单个请求携带 {{size}} 数据，远超 API 调用所需。',
      },
    },
    docs: {
      en: {
        title: 'Request body limit off or huge on an API',
        why: 'nginx limits request bodies to 1 MiB by default. `client_max_body_size 0` removes the limit and values in the hundreds of megabytes nearly do, for every location that inherits them — the API included, not only the upload endpoint.',
        risk: 'A few large or slow requests tie up upstream workers, memory and disk (request buffering), an easy denial of service; the app usually reads the whole body into memory before validating it.',
        fix: 'Keep a small limit for the API (`client_max_body_size 2m;` in the server or `/api/` location) and raise it only in the upload location that needs it.',
      },
      zh: {
        title: 'API 请求体大小未限制或过大',
        why: 'nginx 默认将请求体限制为 1 MiB。`client_max_body_size 0` 取消了限制，数百 MB 的取值也几乎等于没有限制，并会被所有继承它的 location 沿用——包括 API，而不仅是上传接口。',
        risk: '少量超大或慢速请求即可占满后端工作进程、内存和磁盘（请求缓冲），极易造成拒绝服务；应用通常会先把整个请求体读入内存再校验。',
        fix: '为 API 保留较小的限制（在 server 或 `/api/` location 中设置 `client_max_body_size 2m;`），仅在确实需要的上传 location 中调大。',
      },
    },
    examples: {
      bad: 'server {\n    client_max_body_size 0;\n    location /api/ { proxy_pass http://backend:8000; }\n}',
      good: 'server {\n    client_max_body_size 2m;\n    location /api/ { proxy_pass http://backend:8000; }\n    location /api/upload { client_max_body_size 200m; proxy_pass http://backend:8000; }\n}',
    },
    refs: ['https://nginx.org/en/docs/http/ngx_http_core_module.html#client_max_body_size'],
  },
  create(ctx) {
    const files = new NginxFiles(ctx.inventory);
    return {
      nginx: files.visit,
      done() {
        const once = oncePerLine();
        for (const { location, proxyPass } of proxyingLocations(files.config())) {
          if (UPLOAD_PATH.test(location.pattern)) continue;
          const setting = effective(location.node, 'client_max_body_size', ['1m']);
          const size = setting.args[0] ?? '';
          const bytes = nginxBytes(size);
          if (!setting.node || bytes === undefined || (bytes !== 0 && bytes <= HUGE_BYTES)) continue;
          if (!once(setting.node)) continue;
          const data = {
            size,
            location: `${location.modifier ? `${location.modifier} ` : ''}${location.pattern}`,
            upstream: proxyPass.target,
          };
          ctx.report({
            messageId: bytes === 0 ? 'unlimited' : 'huge',
            data,
            evidence: [
              { path: setting.node.file, line: setting.node.line, column: setting.node.column },
              { path: location.node.file, line: location.node.line },
            ],
          });
        }
      },
    };
  },
});

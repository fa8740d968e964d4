import { effective, type NginxNode } from '../../src/analysis/nginx.js';
import { defineRule } from '../../src/engine/rule.js';
import { NginxFiles, oncePerLine } from './_config.js';

export default defineRule({
  meta: {
    id: 'nginx/server-tokens',
    priority: 'P3',
    category: 'security',
    kinds: ['nginx'],
    messages: {
      on: {
        en: 'nginx sends its version in the `Server` header and on error pages: `server_tokens off;` is not set here.',
        zh: 'nginx 会在 `Server` 响应头和错误页中暴露版本号：此处未设置 `server_tokens off;`。',
      },
    },
    docs: {
      en: {
        title: 'nginx version disclosed',
        why: '`server_tokens` is on by default: every response carries `Server: nginx/1.x.y` and error pages print the version.',
        risk: 'Scanners match the exact version against known vulnerabilities; it shortens an attacker\'s reconnaissance.',
        fix: 'Add `server_tokens off;` in the `http` block (or in each `server`).',
      },
      zh: {
        title: 'nginx 版本号泄露',
        why: '`server_tokens` 默认开启：每个响应都带有 `Server: nginx/1.x.y`，错误页也会显示版本号。',
        risk: '扫描器可据此精确匹配已知漏洞，缩短攻击者的侦察过程。',
        fix: '在 `http` 块（或每个 `server`）中加入 `server_tokens off;`。',
      },
    },
    examples: { bad: 'http {\n    server { listen 80; }\n}', good: 'http {\n    server_tokens off;\n    server { listen 80; }\n}' },
    refs: ['https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens'],
    tags: ['security'],
  },
  create(ctx) {
    const files = new NginxFiles(ctx.inventory);
    return {
      nginx: files.visit,
      done() {
        const once = oncePerLine();
        for (const server of files.config().servers) {
          const setting = effective(server.node, 'server_tokens', ['on']);
          if (setting.args[0]?.toLowerCase() === 'off') continue;
          // One finding where the fix goes: an explicit `server_tokens on`, the `http` block, or the server.
          const http = server.node.parent?.name === 'http' ? server.node.parent : undefined;
          const at: NginxNode = setting.node ?? http ?? server.node;
          if (!once(at)) continue;
          ctx.report({ messageId: 'on', evidence: [{ path: at.file, line: at.line, column: at.column }] });
        }
      },
    };
  },
});

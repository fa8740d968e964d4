import { allNodes, effectiveHeaders, type NginxNode } from '../../src/analysis/nginx.js';
import { defineRule } from '../../src/engine/rule.js';
import { NginxFiles, oncePerLine } from './_config.js';

/** The block whose headers apply with this `add_header` (its parent, looking through `if`). */
function headersAt(node: NginxNode): { name: string; value: string }[] {
  const block = node.parent;
  if (!block) return [];
  const own = block.children.filter((c) => c.name === 'add_header').map((c) => ({ name: c.args[0]?.toLowerCase() ?? '', value: c.args[1] ?? '' }));
  return [...own, ...(block.name === 'if' && block.parent ? effectiveHeaders(block.parent) : [])];
}

/** Inside `if ($http_origin ~ "^https://app\.example\.com$")`: the reflected origin is allow-listed. */
function insideOriginCheck(node: NginxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.name === 'if' && n.args[0] === '$http_origin' && n.args.length >= 3 && n.args[2] !== '' && n.args[2] !== '.*' && n.args[2] !== '^.*$') return true;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'nginx/cors-wildcard',
    priority: 'P1',
    category: 'security',
    kinds: ['nginx'],
    messages: {
      wildcard: {
        en: 'nginx answers `Access-Control-Allow-Origin: *`: any web site can read these responses from a visitor\'s browser.',
        zh: 'nginx 返回 `Access-Control-Allow-Origin: *`：任何网站都能在用户浏览器中读取这些响应。',
      },
      wildcardCredentials: {
        en: 'nginx answers `Access-Control-Allow-Origin: *` together with `Access-Control-Allow-Credentials: true`: the CORS policy is open to every origin and asks for cookies.',
        zh: 'nginx 同时返回 `Access-Control-Allow-Origin: *` 与 `Access-Control-Allow-Credentials: true`：CORS 对所有来源开放且要求携带凭证。',
      },
      reflect: {
        en: 'nginx reflects the request\'s `Origin` (`{{value}}`) into `Access-Control-Allow-Origin` with no allow-list: every origin is allowed.',
        zh: 'nginx 将请求的 `Origin`（`{{value}}`）原样写入 `Access-Control-Allow-Origin`，没有白名单校验：等同于允许所有来源。',
      },
      reflectCredentials: {
        en: 'nginx reflects the request\'s `Origin` (`{{value}}`) into `Access-Control-Allow-Origin` with `Access-Control-Allow-Credentials: true` and no allow-list: any web site can make authenticated requests as the visitor and read the answers.',
        zh: 'nginx 将请求的 `Origin`（`{{value}}`）原样写入 `Access-Control-Allow-Origin`，并返回 `Access-Control-Allow-Credentials: true`，且无白名单：任意网站都能以用户身份发起带凭证的请求并读取结果。',
      },
    },
    docs: {
      en: {
        title: 'CORS open to every origin at nginx',
        why: '`add_header Access-Control-Allow-Origin *` (or echoing `$http_origin`) lets any web page read the API\'s responses in the visitor\'s browser. With `Access-Control-Allow-Credentials true` and a reflected origin, the browser also sends the visitor\'s cookies.',
        risk: 'A malicious page can call the API as the logged-in user and read personal data (P0 with credentials); without credentials, internal or token-protected data still leaks to any site.',
        fix: 'Allow only known origins: `map $http_origin $cors_origin { default ""; "~^https://app\\.example\\.com$" $http_origin; }` and `add_header Access-Control-Allow-Origin $cors_origin always;` — or leave CORS to the app with an explicit list.',
      },
      zh: {
        title: 'nginx 的 CORS 对所有来源开放',
        why: '`add_header Access-Control-Allow-Origin *`（或原样回显 `$http_origin`）允许任意网页在用户浏览器中读取 API 响应；若同时回显来源并设置 `Access-Control-Allow-Credentials true`，浏览器还会携带用户的 Cookie。',
        risk: '恶意页面可以以登录用户身份调用 API 并读取个人数据（带凭证时为 P0）；即便不带凭证，内部或受令牌保护的数据也会泄露给任意网站。',
        fix: '只允许已知来源：`map $http_origin $cors_origin { default ""; "~^https://app\\.example\\.com$" $http_origin; }` 再 `add_header Access-Control-Allow-Origin $cors_origin always;`；或交由应用按明确的白名单处理 CORS。',
      },
    },
    examples: {
      bad: 'location /api/ {\n    add_header Access-Control-Allow-Origin $http_origin;\n    add_header Access-Control-Allow-Credentials true;\n}',
      good: 'map $http_origin $cors_origin {\n    default "";\n    "~^https://app\\.example\\.com$" $http_origin;\n}\nlocation /api/ {\n    add_header Access-Control-Allow-Origin $cors_origin always;\n}',
    },
    refs: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS', 'https://portswigger.net/web-security/cors'],
    tags: ['security'],
  },
  create(ctx) {
    const files = new NginxFiles(ctx.inventory);
    return {
      nginx: files.visit,
      done() {
        const once = oncePerLine();
        for (const node of allNodes(files.config())) {
          if (node.name !== 'add_header' || node.args[0]?.toLowerCase() !== 'access-control-allow-origin') continue;
          const value = node.args[1] ?? '';
          const wildcard = value === '*';
          // `$http_origin` straight from the request; a `map` result (`$cors_origin`) is an allow-list.
          const reflects = /^\$(?:http_origin|\{http_origin\})$/.test(value) && !insideOriginCheck(node);
          if ((!wildcard && !reflects) || !once(node)) continue;
          const credentials = headersAt(node).some((h) => h.name === 'access-control-allow-credentials' && h.value.toLowerCase() === 'true');
          const messageId = wildcard ? (credentials ? 'wildcardCredentials' : 'wildcard') : credentials ? 'reflectCredentials' : 'reflect';
          ctx.report({
            messageId,
            data: { value },
            evidence: [{ path: node.file, line: node.line, column: node.column }],
            ...(credentials ? { priority: 'P0' as const, reason: 'Access-Control-Allow-Credentials: true is sent with it.' } : {}),
          });
        }
      },
    };
  },
});

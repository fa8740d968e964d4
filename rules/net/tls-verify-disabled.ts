import { defineRule } from '../../src/engine/rule.js';
import { composeOf } from '../../src/analysis/compose.js';
import { dockerStages, stageVariables } from '../../src/analysis/dockerfile.js';
import { jsConstantsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { walk as jsWalk } from '../../src/analysis/js/ast.js';
import { memberPath } from '../../src/analysis/js/names.js';
import { staticValue } from '../../src/analysis/js/values.js';
import { callInfo, columnOf, dottedName, lineOf, literalValue, walk } from '../../src/analysis/python/index.js';
import { jsMayEscapeLetters } from '../../src/analysis/taint/mentions.js';
import { isTestPath } from '../../src/io/paths.js';
import { isDotenvTemplate } from '../../src/io/classify.js';

const NODE_TLS = 'NODE_TLS_REJECT_UNAUTHORIZED';
/** Python keyword arguments that turn certificate checks off, per client family. */
const PY_FLAGS: Record<string, RegExp> = {
  verify: /^(?:requests|httpx)\.|(?:^|\.)(?:get|post|put|patch|delete|head|options|request|send|Session|Client|AsyncClient|stream)$/,
  ssl: /^aiohttp\.|(?:^|\.)(?:get|post|put|patch|delete|request|ws_connect|TCPConnector)$/,
  verify_ssl: /^aiohttp\.|(?:^|\.)(?:TCPConnector|get|post|request)$/,
  cert_reqs: /^urllib3\./,
};

/** Sound: every keyword, attribute and module matched below is one of these tokens (Python names have no escapes). */
const mentionsPyTls = (text: string) => /\b(?:verify|ssl|verify_ssl|cert_reqs|check_hostname|verify_mode)\b/.test(text);
/** Sound: the keys and member names matched below are spelled in the text unless an escape could spell them. */
const mentionsJsTls = (text: string) => /rejectUnauthorized|strictSSL|NODE_TLS_REJECT_UNAUTHORIZED/.test(text) || jsMayEscapeLetters(text);

export default defineRule({
  meta: {
    id: 'net/tls-verify-disabled',
    priority: 'P1',
    category: 'security',
    kinds: ['python', 'js', 'dotenv', 'compose', 'dockerfile'],
    tags: ['security'],
    messages: {
      code: {
        en: '`{{what}}` turns off TLS certificate verification: anyone on the network path can impersonate the server and read or change the traffic.',
        zh: '`{{what}}` 关闭了 TLS 证书校验：网络路径上的任何人都能冒充服务端，读取或篡改流量。',
      },
      env: {
        en: '`NODE_TLS_REJECT_UNAUTHORIZED={{value}}` disables certificate verification for every HTTPS/TLS connection the Node process makes.',
        zh: '`NODE_TLS_REJECT_UNAUTHORIZED={{value}}` 会关闭该 Node 进程所有 HTTPS/TLS 连接的证书校验。',
      },
    },
    docs: {
      en: {
        title: 'TLS certificate verification disabled',
        why: '`verify=False`, `ssl=False`, unverified SSL contexts, `rejectUnauthorized: false` and `NODE_TLS_REJECT_UNAUTHORIZED=0` accept any certificate, so TLS no longer proves who is on the other end.',
        risk: 'Man-in-the-middle: API keys, tokens and user data sent to upstreams (payment, LLM, database) can be read or altered.',
        fix: 'Keep verification on; for private CAs pass the CA bundle (`verify="/etc/ssl/private-ca.pem"`, `ca: fs.readFileSync(caPath)`, `NODE_EXTRA_CA_CERTS`), and fix expired or mismatched certificates instead of skipping the check.',
      },
      zh: {
        title: '关闭了 TLS 证书校验',
        why: '`verify=False`、`ssl=False`、未校验的 SSL 上下文、`rejectUnauthorized: false` 和 `NODE_TLS_REJECT_UNAUTHORIZED=0` 会接受任意证书，TLS 不再能证明对端身份。',
        risk: '中间人攻击：发往上游（支付、LLM、数据库）的 API Key、令牌和用户数据可被窃听或篡改。',
        fix: '保持校验开启；私有 CA 请提供 CA 证书（`verify="/etc/ssl/private-ca.pem"`、`ca: fs.readFileSync(caPath)`、`NODE_EXTRA_CA_CERTS`），证书过期或不匹配应修复证书而不是跳过校验。',
      },
    },
    examples: { bad: 'requests.get(url, verify=False)\nnew https.Agent({ rejectUnauthorized: false })', good: 'requests.get(url, verify="/etc/ssl/certs/internal-ca.pem", timeout=10)\nnew https.Agent({ ca: internalCa })' },
    refs: ['https://cwe.mitre.org/data/definitions/295.html', 'https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue'],
  },
  create(ctx) {
    const envValue = (value: string | undefined) => value !== undefined && value.trim().replace(/^['"]|['"]$/g, '') === '0';
    return {
      python(file) {
        if (isTestPath(file.path) || !mentionsPyTls(file.text)) return;
        const imports = pyImportsOf(file);
        walk(file.model.root, (n) => {
          if (n.type === 'call') {
            const call = callInfo(n, imports);
            const name = call.name ?? '';
            const at = [{ path: file.path, line: lineOf(n), column: columnOf(n) }];
            if (name === 'ssl._create_unverified_context') {
              ctx.report({ messageId: 'code', data: { what: 'ssl._create_unverified_context()' }, evidence: at });
              return undefined;
            }
            for (const [flag, callee] of Object.entries(PY_FLAGS)) {
              const value = call.kwargs.get(flag);
              if (!value || !callee.test(name)) continue;
              const v = literalValue(value);
              if (v === false || (flag === 'cert_reqs' && /CERT_NONE$/.test(value.text))) ctx.report({ messageId: 'code', data: { what: `${flag}=${value.text}` }, evidence: at });
            }
          }
          if (n.type === 'assignment') {
            const left = dottedName(n.childForFieldName('left')) ?? '';
            const right = n.childForFieldName('right');
            const at = [{ path: file.path, line: lineOf(n), column: columnOf(n) }];
            if ((/\.verify$/.test(left) || /\.check_hostname$/.test(left)) && right?.type === 'false') ctx.report({ messageId: 'code', data: { what: n.text.slice(0, 80) }, evidence: at });
            if (/\.verify_mode$/.test(left) && /CERT_NONE$/.test(right?.text ?? '')) ctx.report({ messageId: 'code', data: { what: n.text.slice(0, 80) }, evidence: at });
            if (left === 'ssl._create_default_https_context' && /_create_unverified_context$/.test(right?.text ?? '')) ctx.report({ messageId: 'code', data: { what: n.text.slice(0, 80) }, evidence: at });
          }
          return undefined;
        });
      },
      js(file) {
        if (isTestPath(file.path) || !mentionsJsTls(file.text)) return;
        const constants = jsConstantsOf(file);
        jsWalk(file.model.ast, (n) => {
          const at = [{ path: file.path, line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1 }];
          if (n.type === 'ObjectProperty') {
            const key = !n.computed && n.key.type === 'Identifier' ? n.key.name : n.key.type === 'StringLiteral' ? n.key.value : '';
            const value = staticValue(n.value as import('@babel/types').Node, constants);
            if ((key === 'rejectUnauthorized' || key === 'strictSSL') && value === false) ctx.report({ messageId: 'code', data: { what: `${key}: false` }, evidence: at });
          }
          if (n.type === 'AssignmentExpression') {
            const left = memberPath(n.left) ?? '';
            const value = staticValue(n.right, constants);
            if (left === `process.env.${NODE_TLS}` && (value === '0' || value === 0)) ctx.report({ messageId: 'env', data: { value: String(value) }, evidence: at });
            if (/\.rejectUnauthorized$/.test(left) && value === false) ctx.report({ messageId: 'code', data: { what: `${left} = false` }, evidence: at });
          }
          return undefined;
        });
      },
      dotenv(file) {
        if (isTestPath(file.path) || isDotenvTemplate(file.path)) return;
        for (const entry of file.model.entries) {
          if (entry.key === NODE_TLS && envValue(entry.value)) ctx.report({ messageId: 'env', data: { value: entry.value }, evidence: [{ path: file.path, line: entry.line }] });
        }
      },
      compose(file) {
        if (isTestPath(file.path)) return;
        const project = composeOf(file, (p) => ctx.inventory.text(p));
        for (const service of project.services) {
          const setting = service.environment.get(NODE_TLS);
          if (setting && setting.origin !== 'env_file' && setting.path === file.path && envValue(setting.value)) {
            ctx.report({ messageId: 'env', data: { value: setting.value ?? '' }, evidence: [{ path: setting.path, line: setting.line, column: setting.column }] });
          }
        }
      },
      dockerfile(file) {
        for (const stage of dockerStages(file.model)) {
          for (const v of stageVariables(stage, false)) {
            if (v.kind === 'ENV' && v.name === NODE_TLS && envValue(v.value ?? undefined)) ctx.report({ messageId: 'env', data: { value: v.value ?? '' }, evidence: [{ path: file.path, line: v.line, column: v.column }] });
          }
        }
      },
    };
  },
});

import { defineRule } from '../../src/engine/rule.js';
import { composeOf, isDevComposeFile } from '../../src/analysis/compose.js';
import { bindsAllInterfaces } from '../../src/analysis/compose-ports.js';
import { identifyService } from './_services.js';

export default defineRule({
  meta: {
    id: 'compose/exposed-datastore',
    priority: 'P0',
    category: 'security',
    kinds: ['compose'],
    messages: {
      exposed: {
        en: '{{store}} port {{port}} of service `{{service}}` is published on every host interface (`{{spec}}`): anyone who can reach the host can connect to it.',
        zh: '服务 `{{service}}` 的 {{store}} 端口 {{port}} 发布在宿主机所有网卡上（`{{spec}}`），能访问该主机的任何人都可以直接连接。',
      },
    },
    docs: {
      en: {
        title: 'Datastore port published on all interfaces',
        why: 'A `ports:` entry without a host address binds `0.0.0.0`; Docker also inserts its own iptables rules, so a host firewall such as ufw does not block it.',
        risk: 'Databases, caches, object stores and queues become reachable from the internet; scanners find open Redis/Postgres/Elasticsearch/MinIO within hours, leading to data theft, ransom wipes or remote code execution.',
        fix: 'Remove the `ports:` entry (services on the same compose network reach the datastore by service name), use `expose:`, or bind to loopback: `"127.0.0.1:6379:6379"`.',
      },
      zh: {
        title: '数据存储端口暴露在所有网卡',
        why: '未指定宿主机地址的 `ports:` 会绑定 `0.0.0.0`；Docker 还会写入自己的 iptables 规则，ufw 等主机防火墙拦不住。',
        risk: '数据库、缓存、对象存储和消息队列直接暴露到公网；扫描器数小时内就能发现开放的 Redis/Postgres/Elasticsearch/MinIO，导致数据泄露、被勒索清库或远程代码执行。',
        fix: '删除 `ports:`（同一 compose 网络内的服务用服务名访问即可），改用 `expose:`，或绑定回环地址：`"127.0.0.1:6379:6379"`。',
      },
    },
    examples: {
      bad: 'services:\n  redis:\n    image: redis:7\n    ports:\n      - "6379:6379"',
      good: 'services:\n  redis:\n    image: redis:7\n    ports:\n      - "127.0.0.1:6379:6379"',
    },
    refs: ['https://docs.docker.com/engine/network/packet-filtering-firewalls/', 'https://docs.docker.com/reference/compose-file/services/#ports'],
    tags: ['security'],
  },
  create(ctx) {
    return {
      compose(file) {
        const project = composeOf(file, (p) => ctx.inventory.text(p));
        const dev = isDevComposeFile(file.path);
        for (const service of project.services) {
          const store = identifyService(service);
          if (!store || !store.ports.length) continue;
          for (const port of service.ports) {
            if (!bindsAllInterfaces(port) || !port.target || port.protocol !== 'tcp') continue;
            const hit = store.ports.find((p) => port.target![0] <= p && p <= port.target![1]);
            if (hit === undefined) continue;
            ctx.report({
              messageId: 'exposed',
              data: { store: store.label, port: hit, service: service.name, spec: port.raw },
              evidence: [{ path: port.path, line: port.line, column: port.column }],
              key: `${service.name}:${hit}`,
              ...(dev ? { priority: 'P2' as const, reason: 'a development compose file, not meant for servers' } : {}),
            });
          }
        }
      },
    };
  },
});

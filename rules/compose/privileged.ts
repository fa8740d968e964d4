import { defineRule } from '../../src/engine/rule.js';
import { composeOf, isDevComposeFile, type ComposeService, type Spot } from '../../src/analysis/compose.js';
import { nameTokens, parseImageRef } from '../../src/analysis/images.js';

const DANGEROUS_CAPABILITIES = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'SYS_RAWIO', 'BPF']);

/** Host agents that need host access by design (metrics of the host itself). */
const HOST_AGENTS = new Set(['cadvisor', 'node-exporter', 'netdata', 'falco', 'datadog', 'promtail', 'alloy', 'beyla']);

function isHostAgent(service: ComposeService): boolean {
  if (!service.image) return false;
  const ref = parseImageRef(service.image.value);
  return HOST_AGENTS.has(ref.name) || nameTokens(ref.repository).some((t) => HOST_AGENTS.has(t));
}

export default defineRule({
  meta: {
    id: 'compose/privileged',
    priority: 'P1',
    category: 'security',
    kinds: ['compose'],
    messages: {
      privileged: {
        en: 'Service `{{service}}` runs with `privileged: true`: root in the container is root on the host.',
        zh: '服务 `{{service}}` 以 `privileged: true` 运行：容器内的 root 即宿主机的 root。',
      },
      hostNetwork: {
        en: 'Service `{{service}}` uses `network_mode: host`: every port it opens is open on the host, and network isolation is gone.',
        zh: '服务 `{{service}}` 使用 `network_mode: host`：它监听的每个端口都直接开在宿主机上，网络隔离失效。',
      },
      hostPid: {
        en: 'Service `{{service}}` shares the host PID namespace (`pid: host`): it can see and signal every process on the host.',
        zh: '服务 `{{service}}` 共享宿主机 PID 命名空间（`pid: host`），可以看到并向宿主机上所有进程发信号。',
      },
      capability: {
        en: 'Service `{{service}}` adds the `{{capability}}` capability, which gives container escapes a foothold.',
        zh: '服务 `{{service}}` 添加了 `{{capability}}` 权限，为容器逃逸提供了条件。',
      },
    },
    docs: {
      en: {
        title: 'Privileged container or host namespaces',
        why: '`privileged`, broad capabilities, the host network and the host PID namespace remove the isolation a container is supposed to give.',
        risk: 'A single vulnerability in that service (an RCE, a malicious dependency) becomes a compromise of the whole host and every other container on it.',
        fix: 'Drop `privileged`; add only the one capability really needed (or none); publish specific ports instead of `network_mode: host`; remove `pid: host`. If a tool truly needs host access, run it on a dedicated host.',
      },
      zh: {
        title: '特权容器或共享宿主机命名空间',
        why: '`privileged`、过宽的 capabilities、宿主机网络和宿主机 PID 命名空间都会拆掉容器本应提供的隔离。',
        risk: '该服务的任何一个漏洞（远程代码执行、恶意依赖）都会升级为整台宿主机及其上所有容器被攻破。',
        fix: '去掉 `privileged`；只添加真正需要的单个 capability（最好没有）；用具体端口映射代替 `network_mode: host`；去掉 `pid: host`。确需宿主机权限的工具应运行在专用主机上。',
      },
    },
    examples: {
      bad: 'services:\n  worker:\n    image: myorg/worker:1.0\n    privileged: true\n    network_mode: host',
      good: 'services:\n  worker:\n    image: myorg/worker:1.0\n    cap_drop: [ALL]\n    ports:\n      - "127.0.0.1:8080:8080"',
    },
    refs: ['https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'],
    tags: ['security'],
  },
  create(ctx) {
    return {
      compose(file) {
        const project = composeOf(file, (p) => ctx.inventory.text(p));
        const dev = isDevComposeFile(file.path);
        for (const service of project.services) {
          const grade = dev
            ? { priority: 'P2' as const, reason: 'a development compose file, not meant for servers' }
            : isHostAgent(service)
              ? { priority: 'P2' as const, reason: 'a host monitoring agent, which needs host access by design' }
              : {};
          const report = (messageId: string, at: Spot, data: Record<string, string> = {}) =>
            ctx.report({
              messageId,
              data: { service: service.name, ...data },
              evidence: [{ path: at.path, line: at.line, column: at.column }],
              key: `${service.name}:${messageId}:${data.capability ?? ''}`,
              ...grade,
            });
          if (service.privileged?.value) report('privileged', service.privileged);
          if (service.networkMode?.value === 'host') report('hostNetwork', service.networkMode);
          if (service.pid?.value === 'host') report('hostPid', service.pid);
          for (const cap of service.capAdd) {
            const name = cap.value.toUpperCase().replace(/^CAP_/, '');
            if (DANGEROUS_CAPABILITIES.has(name)) report('capability', cap, { capability: name });
          }
        }
      },
    };
  },
});

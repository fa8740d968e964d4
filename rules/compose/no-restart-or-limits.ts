import { defineRule } from '../../src/engine/rule.js';
import { composeOf, isDevComposeFile } from '../../src/analysis/compose.js';
import { isOneShot, isOptIn } from './_services.js';

export default defineRule({
  meta: {
    id: 'compose/no-restart-or-limits',
    priority: 'P2',
    category: 'reliability',
    kinds: ['compose'],
    messages: {
      both: {
        en: 'Service `{{service}}` has neither a restart policy nor a memory limit.',
        zh: '服务 `{{service}}` 既没有重启策略，也没有内存上限。',
      },
      restart: {
        en: 'Service `{{service}}` has no restart policy: after a crash or a host reboot it stays down.',
        zh: '服务 `{{service}}` 没有重启策略：崩溃或主机重启后不会自动恢复。',
      },
      memory: {
        en: 'Service `{{service}}` has no memory limit: a leak can take the whole host down with it.',
        zh: '服务 `{{service}}` 没有内存上限：一次内存泄漏就可能拖垮整台主机。',
      },
    },
    docs: {
      en: {
        title: 'Service without restart policy or memory limit',
        why: 'Compose restarts nothing by default, and a container may use all of the host\'s memory.',
        risk: 'One crash leaves the service down until someone notices; one leak or load spike makes the kernel OOM-kill arbitrary processes, including the database next to it.',
        fix: 'Set `restart: unless-stopped` (or `deploy.restart_policy`) and `deploy.resources.limits.memory` (or `mem_limit`) on every long-running service.',
      },
      zh: {
        title: '服务缺少重启策略或内存限制',
        why: 'Compose 默认不会重启任何容器，容器也可以占满宿主机全部内存。',
        risk: '一次崩溃服务就一直停着直到有人发现；一次内存泄漏或流量高峰会触发内核 OOM，随机杀掉进程（包括同机的数据库）。',
        fix: '为每个长期运行的服务设置 `restart: unless-stopped`（或 `deploy.restart_policy`）以及 `deploy.resources.limits.memory`（或 `mem_limit`）。',
      },
    },
    examples: {
      bad: 'services:\n  api:\n    image: myorg/api:1.4.2',
      good: 'services:\n  api:\n    image: myorg/api:1.4.2\n    restart: unless-stopped\n    deploy:\n      resources:\n        limits:\n          memory: 1g',
    },
    refs: ['https://docs.docker.com/reference/compose-file/services/#restart', 'https://docs.docker.com/reference/compose-file/deploy/#resources'],
  },
  create(ctx) {
    return {
      compose(file) {
        // Development stacks are started by hand and stopped again: neither matters there.
        if (isDevComposeFile(file.path)) return;
        const project = composeOf(file, (p) => ctx.inventory.text(p));
        for (const service of project.services) {
          if (isOneShot(service, project.services) || isOptIn(service)) continue;
          const noRestart = !service.restart && !service.restartPolicy;
          const noMemory = !service.memoryLimit;
          if (!noRestart && !noMemory) continue;
          ctx.report({
            messageId: noRestart && noMemory ? 'both' : noRestart ? 'restart' : 'memory',
            data: { service: service.name },
            evidence: [{ path: service.path, line: service.line, column: service.column }],
          });
        }
      },
    };
  },
});

import { defineRule } from '../../src/engine/rule.js';
import type { MessageValue } from '../../src/engine/types.js';
import { composeOf, isDevComposeFile, type ComposeService } from '../../src/analysis/compose.js';
import { isOneShot, isOptIn } from './_services.js';

/** The default driver, and json-file spelled out, keep every line forever unless max-size is set. */
function growsWithoutLimit(service: ComposeService): boolean {
  const logging = service.logging;
  if (!logging) return true;
  const driver = logging.driver ?? 'json-file';
  return driver === 'json-file' && !logging.options['max-size'];
}

export default defineRule({
  meta: {
    id: 'compose/no-log-rotation',
    priority: 'P2',
    category: 'observability',
    kinds: ['compose'],
    messages: {
      unrotated: {
        en: '{{which}} Docker\'s json-file logs with no `max-size`, so the logs grow until the disk is full: {{services}}.',
        zh: '{{which}}使用 Docker 默认的 json-file 日志且未设置 `max-size`，日志会一直增长直到磁盘写满：{{services}}。',
      },
    },
    docs: {
      en: {
        title: 'Container logs without rotation',
        why: 'Docker\'s default `json-file` log driver never rotates unless `max-size` is set (here or in the daemon\'s `daemon.json`).',
        risk: 'A chatty service fills `/var/lib/docker` over weeks; when the disk is full every container on the host fails, databases included.',
        fix: 'Give every service a logging block, usually through an anchor: `logging: {driver: json-file, options: {max-size: "10m", max-file: "3"}}`, or use the `local` driver (rotates by default), or set `log-opts` in `/etc/docker/daemon.json` on every host.',
      },
      zh: {
        title: '容器日志未轮转',
        why: 'Docker 默认的 `json-file` 日志驱动在未设置 `max-size`（此处或守护进程的 `daemon.json`）时从不轮转。',
        risk: '日志量大的服务会在数周内写满 `/var/lib/docker`；磁盘满后该主机上所有容器（包括数据库）都会出错。',
        fix: '为每个服务配置 logging（通常用 YAML 锚点复用）：`logging: {driver: json-file, options: {max-size: "10m", max-file: "3"}}`，或改用默认会轮转的 `local` 驱动，或在每台主机的 `/etc/docker/daemon.json` 中设置 `log-opts`。',
      },
    },
    examples: {
      bad: 'services:\n  api:\n    image: myorg/api:1.4.2',
      good: 'x-logging: &logging\n  driver: json-file\n  options: {max-size: "10m", max-file: "3"}\nservices:\n  api:\n    image: myorg/api:1.4.2\n    logging: *logging',
    },
    refs: ['https://docs.docker.com/engine/logging/drivers/json-file/', 'https://docs.docker.com/engine/logging/drivers/local/'],
  },
  create(ctx) {
    return {
      compose(file) {
        if (isDevComposeFile(file.path)) return;
        const project = composeOf(file, (p) => ctx.inventory.text(p));
        const running = project.services.filter((s) => !isOneShot(s, project.services) && !isOptIn(s));
        const unrotated = running.filter(growsWithoutLimit);
        if (!unrotated.length) return;
        // One finding per file: the fix is one anchor shared by every service.
        const at = project.servicesSpot ?? unrotated[0];
        ctx.report({
          messageId: 'unrotated',
          data: {
            which: whichServices(unrotated.length, running.length),
            services: unrotated.map((s) => `\`${s.name}\``),
          },
          evidence: [{ path: at.path, line: at.line, column: at.column }, ...unrotated.map((s) => ({ path: s.path, line: s.line, column: s.column }))],
        });
      },
    };
  },
});

/** `All 8 services keep`, `2 of 3 services keep`, `The only service keeps` (the verb agrees). */
function whichServices(count: number, total: number): MessageValue {
  if (total === 1) return { en: 'The only service keeps', zh: '唯一的服务' };
  if (count === total) return { en: `All ${total} services keep`, zh: `全部 ${total} 个服务都` };
  return { en: `${count} of ${total} services ${count === 1 ? 'keeps' : 'keep'}`, zh: `${total} 个服务中有 ${count} 个` };
}

import { defineRule } from '../../src/engine/rule.js';
import { composeOf, isDevComposeFile } from '../../src/analysis/compose.js';
import { parseImageRef } from '../../src/analysis/images.js';

export default defineRule({
  meta: {
    id: 'compose/floating-image',
    priority: 'P2',
    category: 'deployment',
    kinds: ['compose'],
    messages: {
      untagged: {
        en: 'Service `{{service}}` runs `{{image}}` with no tag, which means `latest`: every pull may bring a different version.',
        zh: '服务 `{{service}}` 使用的镜像 `{{image}}` 未指定标签，等同于 `latest`，每次拉取都可能是不同版本。',
      },
      latest: {
        en: 'Service `{{service}}` runs `{{image}}`, which moves with every upstream release.',
        zh: '服务 `{{service}}` 使用 `{{image}}`，会随上游每次发布而变化。',
      },
    },
    docs: {
      en: {
        title: 'Compose image not pinned',
        why: 'An image without a tag, or tagged `latest`, resolves to whatever the registry serves when the host pulls.',
        risk: 'A `docker compose pull` or a new host silently upgrades a database or broker across major versions; data formats and APIs change under the running system and rollbacks are guesswork.',
        fix: 'Pin a version tag (`redis:7.2.4`, `postgres:16.2`), ideally with a digest (`@sha256:…`), and upgrade deliberately.',
      },
      zh: {
        title: 'compose 镜像未固定版本',
        why: '未加标签或使用 `latest` 的镜像，取决于主机拉取时镜像仓库的当前内容。',
        risk: '一次 `docker compose pull` 或新主机上线就可能把数据库或消息队列悄悄跨大版本升级，数据格式和接口在运行中变化，回滚无从下手。',
        fix: '固定版本标签（如 `redis:7.2.4`、`postgres:16.2`），最好再加摘要（`@sha256:…`），有计划地升级。',
      },
    },
    examples: { bad: 'services:\n  db:\n    image: postgres', good: 'services:\n  db:\n    image: postgres:16.2' },
    refs: ['https://docs.docker.com/reference/compose-file/services/#image'],
  },
  create(ctx) {
    return {
      compose(file) {
        const project = composeOf(file, (p) => ctx.inventory.text(p));
        const dev = isDevComposeFile(file.path);
        for (const service of project.services) {
          const image = service.image;
          // With `build:` the image name is the tag the build gets, not something pulled.
          if (!image || service.build || image.origin === 'unset' || image.origin === 'required') continue;
          const ref = parseImageRef(image.value);
          if (ref.digest || !ref.name) continue;
          if (ref.tag !== undefined && ref.tag !== 'latest') continue;
          ctx.report({
            messageId: ref.tag === undefined ? 'untagged' : 'latest',
            data: { service: service.name, image: image.value },
            evidence: [{ path: image.path, line: image.line, column: image.column }],
            ...(dev ? { priority: 'P3' as const, reason: 'a development compose file, not meant for servers' } : {}),
          });
        }
      },
    };
  },
});

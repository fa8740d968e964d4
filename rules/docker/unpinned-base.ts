import { defineRule } from '../../src/engine/rule.js';
import { stageBaseImages } from '../../src/analysis/dockerfile.js';

/** Matches a tag or digest at the end of an image reference (after the last `/`). */
function imageTag(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { digest: image.slice(at + 1) };
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon >= 0 ? { tag: image.slice(colon + 1) } : {};
}

export default defineRule({
  meta: {
    id: 'docker/unpinned-base',
    priority: 'P2',
    category: 'deployment',
    kinds: ['dockerfile'],
    messages: {
      untagged: {
        en: 'Base image `{{image}}` has no tag, so it means `latest`: every build may pull a different image.',
        zh: '基础镜像 `{{image}}` 未指定标签，等同于 `latest`，每次构建可能拉到不同镜像。',
      },
      latest: {
        en: 'Base image `{{image}}` is pinned to `latest`, which moves with every upstream release.',
        zh: '基础镜像 `{{image}}` 使用 `latest` 标签，会随上游发布而变化。',
      },
    },
    docs: {
      en: {
        title: 'Base image not pinned',
        why: 'An untagged or `latest` base image resolves to whatever the registry serves at build time.',
        risk: 'Builds are not reproducible: a rebuild can silently change the OS, runtime or libraries and break production.',
        fix: 'Pin the base image to a version tag (`python:3.12-slim`), ideally with a digest (`@sha256:…`).',
      },
      zh: {
        title: '基础镜像未固定版本',
        why: '未加标签或使用 `latest` 的基础镜像在构建时取决于镜像仓库的当前内容。',
        risk: '构建不可复现：重新构建可能悄然改变操作系统、运行时或依赖库，导致线上故障。',
        fix: '为基础镜像固定版本标签（如 `python:3.12-slim`），最好再加摘要（`@sha256:…`）。',
      },
    },
    examples: { bad: 'FROM node\nFROM python:latest', good: 'FROM node:20.19-bookworm-slim\nFROM python:3.12-slim@sha256:…' },
    refs: ['https://github.com/hadolint/hadolint/wiki/DL3006', 'https://github.com/hadolint/hadolint/wiki/DL3007'],
  },
  create(ctx) {
    return {
      dockerfile(file) {
        for (const base of stageBaseImages(file.model)) {
          // `FROM builder` names an earlier stage; `FROM scratch` is no image at all.
          if (base.isStageRef || base.image === 'scratch' || base.unresolved) continue;
          const { tag, digest } = imageTag(base.image);
          if (digest) continue;
          if (tag === undefined || tag === 'latest') {
            ctx.report({
              messageId: tag === undefined ? 'untagged' : 'latest',
              data: { image: base.image },
              evidence: [{ path: file.path, line: base.line, column: base.column }],
            });
          }
        }
      },
    };
  },
});

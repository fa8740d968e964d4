import { defineRule } from '../../src/engine/rule.js';
import type { Flag } from 'dockerfile-ast';
import { dockerStages } from '../../src/analysis/dockerfile.js';

const REMOTE = /^(?:https?:\/\/|git@|git:\/\/)/i;

export default defineRule({
  meta: {
    id: 'docker/add-remote-url',
    priority: 'P2',
    category: 'security',
    kinds: ['dockerfile'],
    messages: {
      remote: {
        en: '`ADD {{url}}` downloads into the image with no checksum: the content can change or be tampered with between builds.',
        zh: '`ADD {{url}}` 在没有校验和的情况下下载进镜像：内容可能在两次构建之间变化或被篡改。',
      },
    },
    docs: {
      en: {
        title: 'ADD of a remote URL without checksum',
        why: '`ADD https://…` fetches whatever the server returns at build time and is not verified unless `--checksum=sha256:…` is given.',
        risk: 'Unreproducible builds, and a compromised download server or a man-in-the-middle puts arbitrary files into production images.',
        fix: 'Add `--checksum=sha256:<digest>` (BuildKit), or `RUN curl -fsSLo file URL && echo "<sha256>  file" | sha256sum -c -`, or vendor the file.',
      },
      zh: {
        title: 'ADD 远程 URL 且未校验',
        why: '`ADD https://…` 在构建时拉取服务器返回的任意内容，除非指定 `--checksum=sha256:…`，否则不做校验。',
        risk: '构建不可复现；下载服务器被攻破或遭中间人攻击时，任意文件都会进入生产镜像。',
        fix: '加上 `--checksum=sha256:<digest>`（BuildKit），或改为 `RUN curl -fsSLo file URL && echo "<sha256>  file" | sha256sum -c -`，或把文件纳入仓库。',
      },
    },
    examples: {
      bad: 'ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini',
      good: 'ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini',
    },
    refs: ['https://docs.docker.com/reference/dockerfile/#add---checksum', 'https://github.com/hadolint/hadolint/wiki/DL3020'],
    tags: ['security'],
  },
  create(ctx) {
    return {
      dockerfile(file) {
        for (const stage of dockerStages(file.model)) {
          for (const instruction of stage.instructions) {
            if (instruction.getKeyword() !== 'ADD') continue;
            const flags = 'getFlags' in instruction ? (instruction as unknown as { getFlags(): Flag[] }).getFlags() : [];
            if (flags.some((f) => f.getName() === 'checksum')) continue;
            const args = instruction.getArguments();
            // Every argument but the last is a source.
            for (const arg of args.slice(0, -1)) {
              const value = arg.getValue().replace(/^["']|["']$/g, '');
              if (!REMOTE.test(value)) continue;
              const start = arg.getRange().start;
              ctx.report({ messageId: 'remote', data: { url: value }, evidence: [{ path: file.path, line: start.line + 1, column: start.character + 1 }], key: value });
            }
          }
        }
      },
    };
  },
});

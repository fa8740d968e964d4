import { defineRule } from '../../src/engine/rule.js';
import { commandForm, dockerStages, positionOf } from '../../src/analysis/dockerfile.js';
import { basenameOf, parseShell, programWords } from '../../src/analysis/shell.js';

const FETCHERS = new Set(['curl', 'wget']);
const INTERPRETERS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node']);
const FETCH_IN_SUBSTITUTION = /[$<]\(\s*(?:curl|wget)\b/;

/** The fetch and the interpreter of a `curl … | sh` pipeline or `sh -c "$(curl …)"`, if any. */
export function pipedDownload(script: string): string | undefined {
  for (const pipeline of parseShell(script)) {
    const programs = pipeline.map((c) => programWords(c)).map((w) => ({ name: basenameOf(w[0] ?? ''), words: w }));
    const fetch = programs.findIndex((p) => FETCHERS.has(p.name));
    if (fetch >= 0) {
      const shell = programs.slice(fetch + 1).find((p) => INTERPRETERS.has(p.name));
      if (shell) return `${programs[fetch].name} … | ${shell.name}`;
    }
    for (const p of programs) {
      if (INTERPRETERS.has(p.name) && p.words.some((w) => FETCH_IN_SUBSTITUTION.test(w))) return `${p.name} "$(curl …)"`;
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'docker/curl-pipe-shell',
    priority: 'P2',
    category: 'security',
    kinds: ['dockerfile'],
    messages: {
      piped: {
        en: '`RUN` executes a downloaded script without verifying it (`{{what}}`).',
        zh: '`RUN` 未经校验直接执行下载的脚本（`{{what}}`）。',
      },
    },
    docs: {
      en: {
        title: 'Downloaded script piped into a shell',
        why: 'Whatever the URL serves at build time runs as root in the build, with no checksum or signature check; a partial download runs too.',
        risk: 'A compromised or hijacked install script (it has happened to Codecov and others) backdoors every image built afterwards, silently.',
        fix: 'Download to a file, verify a pinned checksum (`echo "<sha256>  install.sh" | sha256sum -c -`) or signature, then run it; better, install from the distribution\'s package manager or copy from a pinned image (`COPY --from=`).',
      },
      zh: {
        title: '下载脚本直接管道给 shell 执行',
        why: '构建时 URL 返回什么就以 root 执行什么，没有校验和或签名检查，下载不完整也会被执行。',
        risk: '安装脚本一旦被篡改或劫持（Codecov 等都发生过），之后构建的每个镜像都会被悄悄植入后门。',
        fix: '先下载到文件，校验固定的校验和（`echo "<sha256>  install.sh" | sha256sum -c -`）或签名后再执行；更好的做法是用发行版包管理器安装，或从固定版本的镜像 `COPY --from=` 拷贝。',
      },
    },
    examples: {
      bad: 'RUN curl -fsSL https://example.com/install.sh | sh',
      good: 'RUN curl -fsSLo install.sh https://example.com/install.sh \\\n && echo "3f5c…  install.sh" | sha256sum -c - \\\n && sh install.sh',
    },
    refs: ['https://docs.docker.com/build/building/best-practices/#using-pipes'],
    tags: ['security'],
  },
  create(ctx) {
    return {
      dockerfile(file) {
        for (const stage of dockerStages(file.model)) {
          for (const instruction of stage.instructions) {
            if (instruction.getKeyword() !== 'RUN') continue;
            const form = commandForm(instruction);
            const what = pipedDownload(form.exec ? form.words.join(' ') : form.script);
            if (what) ctx.report({ messageId: 'piped', data: { what }, evidence: [{ path: file.path, ...positionOf(instruction) }] });
          }
        }
      },
    };
  },
});

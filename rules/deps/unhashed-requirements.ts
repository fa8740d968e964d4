import { defineRule } from '../../src/engine/rule.js';
import { dirname, isExamplePath } from '../../src/io/paths.js';

/** Lockfiles that carry their own hashes and make a requirements export secondary. */
const HASHING_LOCKS = new Set(['uv.lock', 'poetry.lock', 'pdm.lock', 'Pipfile.lock']);

export default defineRule({
  meta: {
    id: 'deps/unhashed-requirements',
    priority: 'P3',
    category: 'dependencies',
    kinds: ['requirements'],
    messages: {
      unhashed: {
        en: '`{{file}}` pins its packages with `==` ({{count}}) but records no `--hash`, so a re-published or tampered file with the same version would install.',
        zh: '`{{file}}` 用 `==` 固定了 {{count}} 个包，但没有 `--hash` 校验，同版本号被重新发布或篡改的文件也会被安装。',
      },
    },
    docs: {
      en: {
        title: 'Pinned requirements without hashes',
        why: 'Version pins name a version, not the file: pip accepts any artifact the index serves for it, and transitive packages stay unpinned unless listed.',
        risk: 'A compromised index, mirror or maintainer account can serve different code under a pinned version; installs are not verifiable.',
        fix: 'Generate the file with `pip-compile --generate-hashes` (or `uv pip compile --generate-hashes`) and install with `pip install --require-hashes -r requirements.txt`.',
      },
      zh: {
        title: '固定版本的 requirements 缺少哈希校验',
        why: '版本号固定的是版本而不是文件：pip 会接受索引为该版本提供的任何文件，且未列出的传递依赖仍未锁定。',
        risk: '索引、镜像或维护者账号被入侵时，同一版本号下可能下发不同的代码，安装结果无法校验。',
        fix: '用 `pip-compile --generate-hashes`（或 `uv pip compile --generate-hashes`）生成该文件，并以 `pip install --require-hashes -r requirements.txt` 安装。',
      },
    },
    examples: {
      bad: 'fastapi==0.110.0\nuvicorn==0.29.0',
      good: 'fastapi==0.110.0 \\\n    --hash=sha256:…\nuvicorn==0.29.0 \\\n    --hash=sha256:…',
    },
    refs: ['https://pip.pypa.io/en/stable/topics/secure-installs/'],
  },
  create(ctx) {
    let hashingLockDirs: Set<string> | undefined;
    const lockDirs = () =>
      (hashingLockDirs ??= new Set(ctx.inventory.files.filter((f) => HASHING_LOCKS.has(f.path.slice(f.path.lastIndexOf('/') + 1))).map((f) => dirname(f.path))));
    return {
      requirements(file) {
        const name = file.path.slice(file.path.lastIndexOf('/') + 1).toLowerCase();
        // Constraints files and .in inputs are not what pip installs from.
        if (!name.endsWith('.txt') || name.startsWith('constraints') || isExamplePath(file.path)) return;
        if (lockDirs().has(dirname(file.path))) return;
        const remote = file.model.entries.filter((e) => !e.local);
        if (!remote.length || remote.some((e) => !e.pinned || e.hashes.length > 0)) return;
        ctx.report({
          messageId: 'unhashed',
          data: { file: file.path, count: remote.length },
          evidence: [{ path: file.path, line: remote[0].line }],
        });
      },
    };
  },
});

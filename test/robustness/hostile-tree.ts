import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Text that lives outside the scanned root; no output may ever contain it. */
export const OUTSIDE_CANARY = 'OUTSIDE_ROOT_CANARY_7f3a9c_do_not_print';
/** Small enough that `big/generated.py` is over it, large enough for everything else. */
export const MAX_FILE_SIZE = 64 * 1024;

export interface HostileTree {
  root: string;
  outside: string;
  hasFifo: boolean;
}

const MALFORMED: Record<string, string> = {
  // One broken file per parsed kind.
  'config/settings.yaml': 'server:\n  port: 8080\n  hosts: [a, b\n  debug: true\n',
  'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"\n  db: {\n',
  'package.json': '{\n  "name": "broken",\n  "dependencies": { "express": "^4.19.2", }\n  "scripts": \n',
  'app/main.py': 'from fastapi import FastAPI\napp = FastAPI(\n\ndef handler(:\n    return {"ok": True\n',
  'src/server.ts': "import express from 'express';\nconst app = express(;\napp.get('/', (req, res) => { res.send('x') \nexport default class {\n",
  'web/App.jsx': 'export default function App() { return <div><span>unclosed</div>; }\n',
  Dockerfile: 'FROM\nRUN\nCOPY --from= . .\nHEALTHCHECK CMD\nENV =\nARG\n',
  'deploy/nginx.conf': 'server {\n  listen 80;\n  location /api/ {\n    proxy_pass http://app:8000\n  }\n  "unterminated\n',
  '.env': 'API_URL=https://example.com\n=novalue\nexport\nQUOTED="never closed\n\\x00 KEY WITH SPACES = 1\n',
  'requirements.txt': 'fastapi>=0.110\n-r\n--hash\n!!!not a requirement\n@@@ \n',
  'pyproject.toml': '[project\nname = "x"\ndependencies = ["a",\n',
  'package-lock.json': '{"lockfileVersion": 3, "packages": {',
  'yarn.lock': '"express@^4":\n  version "4.19.2"\n    resolved: : :\n  \t\tinvalid\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [\n',
  // A YAML alias bomb: must be refused, not expanded.
  'k8s/bomb.yaml': `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n`,
  // Names with spaces and non-ASCII letters, one of them broken too.
  'my app/配置 文件.yaml': 'name: 配置\nlist: [1, 2\n',
  'src/ünïcode spaces.ts': "export const grüße = 'hallo';\n",
  'docs/naïve notes.md': '# notes\n',
};

/** Builds, under the OS temp folder, a repository with every kind of file that could trip a scanner. */
export function buildHostileTree(): HostileTree {
  const base = mkdtempSync(join(tmpdir(), 'prodcheck-robust-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.env'), `TOKEN=${OUTSIDE_CANARY}\n`);
  writeFileSync(join(outside, 'app.py'), `print("${OUTSIDE_CANARY}")\n`);

  const put = (path: string, content: string | Uint8Array) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  for (const [path, content] of Object.entries(MALFORMED)) put(path, content);

  // Encodings and line endings.
  put('bin/model.py', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00, 0x3e, 0x00, 0x89, 0x50]));
  put('enc/latin1.py', Buffer.concat([Buffer.from('name = "'), Buffer.from([0xe9, 0xff, 0xfe, 0xc3]), Buffer.from('"\nprint(name)\n')]));
  put('enc/bom/package.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name": "with-bom", "version": "1.0.0"}\n')]));
  put('enc/bom.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('import os\nprint(os.getcwd())\n')]));
  put('enc/crlf.py', 'import os\r\n\r\ndef main():\r\n    return os.environ.get("HOME")\r\n');
  put('enc/crlf/Dockerfile', 'FROM python:3.12-slim\r\nWORKDIR /app\r\nCMD ["python", "main.py"]\r\n');
  put('enc/crlf/.env', 'APP_ENV=production\r\nLOG_LEVEL=info\r\n');
  put('big/generated.py', `# generated\n${'x = 1\n'.repeat(MAX_FILE_SIZE / 6 + 100)}`);

  // Links: a loop back to the root, a pair pointing at each other, one to nowhere, two out of the root.
  symlinkSync(root, join(root, 'loop'));
  symlinkSync(join(root, 'pair-b'), join(root, 'pair-a'));
  symlinkSync(join(root, 'pair-a'), join(root, 'pair-b'));
  symlinkSync(join(root, 'does-not-exist.py'), join(root, 'dangling.py'));
  symlinkSync(join(outside, 'secret.env'), join(root, 'linked.env'));
  symlinkSync(outside, join(root, 'linked-dir'));
  symlinkSync('../../outside/app.py', join(root, 'app', 'relative-out.py'));

  let hasFifo = false;
  try {
    execFileSync('mkfifo', [join(root, 'pipe.py')]);
    execFileSync('mkfifo', [join(root, '.env.pipe')]);
    hasFifo = true;
  } catch {
    // No mkfifo here: the FIFO case is skipped.
  }
  return { root, outside, hasFifo };
}

/** Nesting deep enough to overflow a recursive parser or walker, one file per kind that nests. */
export function buildDeepTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'prodcheck-deep-'));
  const files: Record<string, string> = {
    'package.json': `${'['.repeat(20000)}${']'.repeat(20000)}`,
    'config/deep.json': `{"a":${'['.repeat(20000)}${']'.repeat(20000)}}`,
    'config/deep.yaml': `${'- '.repeat(3000)}x\n`,
    'docker-compose.yml': `services: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    'app/nested.py': `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`,
    'src/nested.ts': `const x = ${'['.repeat(5000)}${']'.repeat(5000)};\n`,
    'deploy/nginx.conf': `${'location / {\n'.repeat(3000)}${'}\n'.repeat(3000)}`,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

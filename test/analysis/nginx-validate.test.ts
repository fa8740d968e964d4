import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/io/classify.js';
import { parseNginx } from '../../src/parsers/nginx.js';
import { REPO_ROOT } from '../helpers/scan.js';

/**
 * When Debian's nginx is installed, every fixture config meant to be valid must pass `nginx -t`:
 * the fixtures are then real configurations, not only what our parser accepts. Skipped without
 * nginx (it is not a dependency). Compose service names in `proxy_pass` are pointed at 127.0.0.1
 * because `nginx -t` resolves upstream hosts, and `/etc/nginx/` includes at the fixture's folder.
 */
const hasNginx = spawnSync('nginx', ['-v'], { encoding: 'utf8' }).status === 0;
const ROOTS = ['fixtures/nginx', 'fixtures/headers'].map((d) => join(REPO_ROOT, d));

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** The case folder (`…/<rule>/<case>`) a fixture file belongs to. */
function caseDir(file: string): string {
  for (const root of ROOTS) {
    if (!file.startsWith(root)) continue;
    const [rule, name] = relative(root, file).split('/');
    return join(root, rule, name);
  }
  throw new Error(file);
}

/** Top-level configs: whole nginx.conf files, and server files nothing else includes. */
function candidates(): { file: string; main: boolean }[] {
  const out: { file: string; main: boolean }[] = [];
  for (const file of ROOTS.flatMap((r) => filesUnder(r))) {
    const text = readFileSync(file, 'utf8');
    if (classify(relative(caseDir(file), file), text) !== 'nginx') continue;
    const parsed = parseNginx(text);
    if (!parsed.ok || text.includes('_by_lua')) continue;
    const top = parsed.value.directives.map((d) => d.name);
    if (top.includes('http') || top.includes('events')) out.push({ file, main: true });
    else if (top.includes('server')) out.push({ file, main: false });
  }
  return out;
}

function localise(text: string, confDir: string): string {
  const upstreams = new Set([...text.matchAll(/^\s*upstream\s+([\w.-]+)/gm)].map((m) => m[1]));
  return text
    .replace(/(proxy_pass\s+https?:\/\/)([A-Za-z][\w.-]*)/g, (all, head, host) => (upstreams.has(host) ? all : `${head}127.0.0.1`))
    .replace(/^(\s*server\s+)([A-Za-z][\w.-]*)(:\d+;)/gm, '$1127.0.0.1$3')
    .replace(/\/etc\/nginx\//g, `${confDir}/`);
}

describe.skipIf(!hasNginx)('nginx -t accepts the fixture configs', () => {
  for (const { file, main } of hasNginx ? candidates() : []) {
    it(relative(REPO_ROOT, file), () => {
      const work = mkdtempSync(join(tmpdir(), 'prodcheck-nginx-'));
      try {
        const src = caseDir(file);
        const copy = join(work, 'case');
        cpSync(src, copy, { recursive: true });
        const target = join(copy, relative(src, file));
        const confDir = dirname(target);
        for (const f of filesUnder(copy)) writeFileSync(f, localise(readFileSync(f, 'utf8'), confDir));
        if (!existsSync(join(confDir, 'mime.types'))) writeFileSync(join(confDir, 'mime.types'), 'types {}\n');
        mkdirSync(join(work, 'logs'), { recursive: true });
        let conf = target;
        if (!main) {
          conf = join(confDir, '__wrapper.conf');
          writeFileSync(conf, `events {}\nhttp {\n  include ${target};\n}\n`);
        }
        const run = spawnSync('nginx', ['-t', '-q', '-e', 'stderr', '-p', work, '-c', conf, '-g', `pid ${work}/nginx.pid;`], {
          encoding: 'utf8',
        });
        expect(run.stderr.replaceAll(work, '<tmp>'), 'nginx -t output').not.toMatch(/\[emerg\]/);
        expect(run.status).toBe(0);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
});

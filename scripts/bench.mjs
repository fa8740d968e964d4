// `npm run bench [path]`: the full audit of a large repository, timed in a fresh process per run.
// Without a path it generates a deterministic polyglot corpus at 1×, 2× and 4× to show how the
// cost grows with the number of files.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_VERSION, generateCorpus } from './bench-corpus.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const worker = join(root, 'scripts', 'bench-worker.mjs');
// The V8 options the CLI restarts itself with, so the bench measures what a user runs.
const { NODE_FLAGS } = await import(new URL('../dist/src/cli/node-flags.js', import.meta.url).href);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const shape = option('shape', 'realistic');
const jobs = option('jobs', undefined);
if (!['realistic', 'dense'].includes(shape)) throw new Error(`--shape is realistic or dense, not ${shape}`);

function measure(target) {
  const result = spawnSync(process.execPath, [...NODE_FLAGS, worker, target, ...(jobs ? [jobs] : [])], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`bench worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function line(label, m) {
  const mb = m.bytes / 1024 / 1024;
  const secs = m.wallMs / 1000;
  return `${label.padEnd(6)} ${String(m.files).padStart(6)} files  ${mb.toFixed(1).padStart(6)} MB  ${secs.toFixed(2).padStart(6)} s  ${Math.round(m.files / secs).toString().padStart(6)} files/s  ${(mb / secs).toFixed(1).padStart(5)} MB/s  peak RSS ${Math.round(m.maxRssKB / 1024)} MB  findings ${m.findings}`;
}

function top(record, n) {
  return Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `  ${k.padEnd(40)} ${v.toFixed(0).padStart(7)} ms`)
    .join('\n');
}

console.log(`prodcheck bench · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB`);
const given = args[0];
let last;
if (given) {
  last = measure(resolve(given));
  console.log(`${line('repo', last)}  jobs ${last.jobs}`);
} else {
  console.log(`corpus shape: ${shape}`);
  const base = join(root, '.bench');
  for (const scale of [1, 2, 4]) {
    const dir = join(base, `${shape}-${scale}x`);
    const marker = `${dir}.stamp`;
    const stamp = `${shape} v${CORPUS_VERSION}`;
    if (!existsSync(marker) || readFileSync(marker, 'utf8') !== stamp) {
      rmSync(dir, { recursive: true, force: true });
      generateCorpus(dir, scale, shape);
      writeFileSync(marker, stamp);
    }
    last = measure(dir);
    console.log(line(`${scale}×`, last));
  }
}
console.log('\ntime per parser kind (largest run):');
console.log(top(last.timing.parse, 20));
console.log('\ntime per rule (largest run, top 15):');
console.log(top(last.timing.rules, 15));

import { existsSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ALL_RULES } from '../../rules/index.js';
import { audit, DEFAULT_MAX_FILE_SIZE } from '../engine/audit.js';
import { ConfigError, loadConfig, type Config } from '../engine/config.js';
import { atOrAbove, isPriority } from '../engine/priority.js';
import type { AuditResult, Lang, Priority } from '../engine/types.js';
import { explainRule } from '../docs/explain.js';
import { TOOL_NAME, VERSION } from '../package.js';
import { FORMATS, formatFromPath, REPORTERS, type Format } from '../reporters/index.js';
import type { Report } from '../reporters/types.js';
import { readBaseline, writeBaseline } from './baseline.js';
import { colorLevel } from './color.js';
import { INIT_CONFIG } from './init-config.js';
import { UsageError } from './usage-error.js';
import { keepChanged } from '../engine/changed.js';
import { readRuns } from './merge.js';
import { changedFilesSince, GitError } from '../io/git.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

interface ScanFlags {
  format?: Format;
  output?: string;
  failOn?: Priority | 'none';
  lang?: Lang;
  config?: string;
  rule?: string[];
  disable?: string[];
  minPriority?: Priority;
  baseline?: string;
  writeBaseline?: string;
  color: boolean;
  quiet?: boolean;
  maxFileSize?: number;
  timing?: boolean;
  debug?: boolean;
  changedSince?: string;
  jobs?: number;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const defaultIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
  cwd: process.cwd(),
});

/** Runs the CLI and returns its exit code; never throws. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = EXIT_OK;
  const debug = argv.includes('--debug');
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    if (error instanceof ConfigError) {
      io.stderr(`prodcheck: ${error.message}\n${error.details.map((d) => `  ${d}\n`).join('')}`);
      return EXIT_ERROR;
    }
    if (error instanceof UsageError) {
      io.stderr(`prodcheck: ${error.message}\n`);
      return EXIT_ERROR;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`prodcheck: internal error: ${message}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT_ERROR;
  }
  return exitCode;
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name(TOOL_NAME)
    .description('Static production-readiness audit: findings graded P0 (fix before production) to P3.')
    .version(VERSION)
    // Options after a subcommand belong to it (`merge --fail-on P2`), not to the scan.
    .enablePositionalOptions()
    .exitOverride()
    // `prodcheck rules --lang zh`: without this the scan's own --lang would swallow the subcommand's.
    .enablePositionalOptions()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run prodcheck --help for usage)')
    .argument('[paths...]', 'repositories or folders to scan', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS))
    .option('-o, --output <file>', 'write the report to a file (format from .sarif/.json/.md)')
    .addOption(new Option('--fail-on <priority>', 'exit 1 on findings at or above this priority').choices(['P0', 'P1', 'P2', 'P3', 'none']))
    .addOption(new Option('--lang <lang>', 'report language').choices(['en', 'zh']))
    .option('-c, --config <file>', 'configuration file (default: .prodcheck.yaml in the first path)')
    .option('--rule <ids...>', 'run only these rules')
    .option('--disable <ids...>', 'do not run these rules')
    .addOption(new Option('--min-priority <priority>', 'report only findings at or above this priority').choices(['P0', 'P1', 'P2', 'P3']))
    .option('--baseline <file>', 'hide findings recorded in this baseline file')
    .option('--write-baseline <file>', 'record the current findings as a baseline')
    .option('--no-color', 'disable colour in text output')
    .option('-q, --quiet', 'report only findings at or above --fail-on')
    .option('--max-file-size <bytes>', `skip files larger than this (default ${DEFAULT_MAX_FILE_SIZE})`, parsePositiveInt)
    .option('--changed-since <ref>', 'report file-level findings only in files changed since this git ref')
    .option('-j, --jobs <n>', `threads: the rules run in one, the others parse Python and lockfiles ahead of them (default: ${availableParallelism()}, the core count)`, parseJobs)
    .option('--timing', 'add time per parser kind and per rule to the stats')
    .option('--debug', 'print stack traces of internal errors')
    .action(async (paths: string[], flags: ScanFlags) => {
      setExit(await scan(paths, flags, io));
    });

  program
    .command('rules')
    .description('list every rule: id, priority, kinds, title')
    .addOption(new Option('--lang <lang>', 'language of titles').choices(['en', 'zh']).default('en'))
    .option('--json', 'as JSON')
    .action((flags: { lang: Lang; json?: boolean }) => {
      if (flags.json) {
        io.stdout(`${JSON.stringify(ALL_RULES.map((r) => ({ id: r.meta.id, priority: r.meta.priority, category: r.meta.category, kinds: r.meta.kinds, title: r.meta.docs[flags.lang].title })), null, 2)}\n`);
        return;
      }
      const width = Math.max(...ALL_RULES.map((r) => r.meta.id.length));
      for (const rule of ALL_RULES) {
        const kinds = rule.meta.kinds.join(',') || '-';
        io.stdout(`${rule.meta.id.padEnd(width)}  ${rule.meta.priority}  ${kinds.padEnd(24)}  ${rule.meta.docs[flags.lang].title}\n`);
      }
    });

  program
    .command('explain')
    .description('explain a rule: why, risk, fix, examples, references')
    .argument('<rule-id>', 'the rule, e.g. secrets/committed-secret')
    .addOption(new Option('--lang <lang>', 'language').choices(['en', 'zh']).default('en'))
    .action((id: string, flags: { lang: Lang }) => {
      const rule = ALL_RULES.find((r) => r.meta.id === id);
      if (!rule) throw new UsageError(`unknown rule "${id}"; run "prodcheck rules" to list them`);
      io.stdout(explainRule(rule, flags.lang));
    });

  program
    .command('merge')
    .description('combine JSON or SARIF reports of several scans (e.g. CI matrix jobs) into one')
    .argument('<files...>', 'prodcheck JSON or SARIF reports')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS))
    .option('-o, --output <file>', 'write the merged report to a file')
    .addOption(new Option('--fail-on <priority>', 'exit 1 on findings at or above this priority').choices(['P0', 'P1', 'P2', 'P3', 'none']).default('none'))
    .addOption(new Option('--lang <lang>', 'report language (skeleton only; messages keep their language)').choices(['en', 'zh']).default('en'))
    .action((files: string[], flags: { format?: Format; output?: string; failOn: Priority | 'none'; lang: Lang }) => {
      const runs = files.flatMap((f) => readRuns(resolve(io.cwd, f)));
      const report: Report = { tool: { name: TOOL_NAME, version: VERSION }, generatedAt: reportDate(io.env), runs };
      const format: Format = flags.format ?? (flags.output ? formatFromPath(flags.output) : undefined) ?? 'json';
      const rendered = REPORTERS[format](report, { lang: flags.lang, colorLevel: 0 });
      if (flags.output) writeFileSync(resolve(io.cwd, flags.output), rendered);
      else io.stdout(rendered);
      if (flags.failOn !== 'none' && runs.some((r) => r.findings.some((f) => atOrAbove(f.priority, flags.failOn as Priority)))) setExit(EXIT_FINDINGS);
    });

  program
    .command('init')
    .description('write a commented .prodcheck.yaml in the current folder')
    .option('--force', 'overwrite an existing file')
    .action((flags: { force?: boolean }) => {
      const target = resolve(io.cwd, '.prodcheck.yaml');
      if (existsSync(target) && !flags.force) {
        throw new UsageError('.prodcheck.yaml already exists; use --force to overwrite it');
      }
      writeFileSync(target, INIT_CONFIG);
      io.stdout(`wrote ${target}\n`);
    });

  return program;
}

async function scan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
  const roots = paths.map((p) => {
    const absolute = resolve(io.cwd, p);
    let isDir = false;
    try {
      isDir = statSync(absolute).isDirectory();
    } catch {
      throw new UsageError(`path not found: ${p}`);
    }
    if (!isDir) throw new UsageError(`not a folder: ${p} (prodcheck scans a repository folder)`);
    return { display: p, absolute };
  });

  const config = loadScanConfig(flags, roots[0].absolute, io.cwd);
  const known = new Set(ALL_RULES.map((r) => r.meta.id));
  for (const id of [...(flags.rule ?? []), ...(flags.disable ?? [])]) {
    if (!known.has(id)) throw new UsageError(`unknown rule "${id}"; run "prodcheck rules" to list them`);
  }
  const baseline = flags.baseline ? readBaseline(resolve(io.cwd, flags.baseline)) : undefined;
  const lang: Lang = flags.lang ?? config.lang ?? 'en';
  const failOn = flags.failOn ?? config.failOn ?? 'P0';
  const format: Format = flags.format ?? (flags.output ? formatFromPath(flags.output) : undefined) ?? 'text';
  const minPriority = flags.quiet && failOn !== 'none' ? failOn : flags.minPriority;

  if (io.stderrIsTTY && !flags.quiet) io.stderr(`prodcheck: scanning ${roots.map((r) => r.display).join(', ')}…\n`);
  const runs: AuditResult[] = [];
  for (const root of roots) {
    const result = await audit({
      root: root.absolute,
      rules: ALL_RULES,
      config,
      only: flags.rule,
      disable: flags.disable,
      lang,
      minPriority,
      baseline: flags.writeBaseline ? undefined : baseline,
      maxFileSize: flags.maxFileSize,
      timing: flags.timing,
      jobs: flags.jobs ?? availableParallelism(),
    });
    const changed = flags.changedSince ? changedFiles(root.absolute, flags.changedSince) : undefined;
    const scoped = changed ? keepChanged(result, changed) : result;
    runs.push({ ...scoped, root: root.display });
  }

  if (flags.writeBaseline) {
    writeBaseline(resolve(io.cwd, flags.writeBaseline), runs);
    if (baseline) {
      for (const run of runs) {
        const before = run.findings.length;
        run.findings = run.findings.filter((f) => !baseline.has(f.fingerprint));
        run.stats.suppressed.baseline = before - run.findings.length;
      }
    }
  }

  const report: Report = { tool: { name: TOOL_NAME, version: VERSION }, generatedAt: reportDate(io.env), runs };
  const level = flags.output ? 0 : colorLevel({ flag: flags.color, env: io.env, isTTY: io.stdoutIsTTY });
  const rendered = REPORTERS[format](report, { lang, colorLevel: level });
  if (flags.output) writeFileSync(resolve(io.cwd, flags.output), rendered);
  else io.stdout(rendered);

  if (flags.timing) io.stderr(timingTable(runs));
  if (runs.some((r) => r.diagnostics.some((d) => d.kind === 'rule-crash'))) {
    io.stderr('prodcheck: a rule crashed; the scan finished without it (see diagnostics)\n');
    return EXIT_ERROR;
  }
  if (failOn === 'none') return EXIT_OK;
  const failing = runs.some((r) => r.findings.some((f) => atOrAbove(f.priority, failOn)));
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

function loadScanConfig(flags: ScanFlags, firstRoot: string, cwd: string): Config {
  if (flags.config) return loadConfig(resolve(cwd, flags.config));
  for (const name of ['.prodcheck.yaml', '.prodcheck.yml']) {
    const candidate = resolve(firstRoot, name);
    if (existsSync(candidate)) return loadConfig(candidate);
  }
  return {};
}

/** Like ESLint's TIMING: where the time went, on stderr so reports stay clean. */
function timingTable(runs: AuditResult[]): string {
  const parse: Record<string, number> = {};
  const rules: Record<string, number> = {};
  for (const run of runs) {
    for (const [k, v] of Object.entries(run.stats.timing?.parse ?? {})) parse[k] = (parse[k] ?? 0) + v;
    for (const [k, v] of Object.entries(run.stats.timing?.rules ?? {})) rules[k] = (rules[k] ?? 0) + v;
  }
  const rows = (record: Record<string, number>, limit: number) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([k, v]) => `  ${k.padEnd(40)} ${v.toFixed(1).padStart(9)} ms\n`)
      .join('');
  return `parse time by kind:\n${rows(parse, 20)}rule time (top 20):\n${rows(rules, 20)}`;
}

function changedFiles(root: string, ref: string): Set<string> {
  try {
    return changedFilesSince(root, ref);
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(`--changed-since needs a git repository: ${error.message}`);
    throw error;
  }
}

/** Now, or SOURCE_DATE_EPOCH (seconds) when set: reproducible reports for golden files and builds. */
function reportDate(env: NodeJS.ProcessEnv): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000).toISOString() : new Date().toISOString();
}

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--jobs takes a whole number from 1 to 64, not "${value}"`);
  return n;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max-file-size takes a positive whole number of bytes, not "${value}"`);
  return n;
}

export { isPriority };

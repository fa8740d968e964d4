import type { Category, FileKind, Lang, Priority } from '../engine/types.js';

/**
 * The words of the Markdown report's skeleton, in the seeds' own vocabulary for zh. Everything a
 * finding says (title, problem, risk, fix) comes from rule meta; only the frame lives here.
 */
export interface MarkdownWords {
  title: (project: string) => string;
  unnamedProject: string;
  generated: (date: string, tool: string) => string;
  scope: string;
  parsed: (total: number, byKind: [FileKind, number][], other: number) => string;
  staticOnly: string;
  notChecked: string;
  allParsed: string;
  unparsed: string;
  skipped: string;
  ruleErrors: string;
  otherNotes: string;
  notListed: (baseline: number, inline: number, config: number) => string;
  summary: string;
  verdictBlocked: (p0: number, areas: string) => string;
  verdictConditional: (p1: number, areas: string) => string;
  verdictReady: (minor: number) => string;
  issuesRow: string;
  findingsRow: string;
  readiness: string;
  area: Record<Category, string>;
  areaInSentence: Record<Category, string>;
  joinAreas: (areas: string[]) => string;
  priority: Record<Priority, string>;
  none: string;
  /** An empty roadmap or deliverables list. */
  nothingToChange: string;
  /** An empty evidence list. */
  noEvidence: string;
  location: string;
  problem: string;
  risk: string;
  fix: string;
  colon: string;
  /** Between items of an inline list (locations). */
  listSep: string;
  more: (n: number) => string;
  /** Joins a capped inline list to its "and N more". */
  moreSep: string;
  /** Related places after a primary location: ` (see also …)`. */
  seeAlso: (places: string) => string;
  /** Further lines of the primary location's own file. */
  lines: (numbers: number[]) => string;
  /** `(P1)` after a title in the roadmap. */
  priorityTag: (p: Priority) => string;
  root: string;
  roadmap: string;
  step: { security: string; deployment: string; stability: string; quality: string };
  evidence: string;
  deliverables: string;
  pack: { security: string; deployment: string; stability: string; quality: string };
}

const KIND_ORDER: FileKind[] = ['js', 'python', 'nginx', 'dockerfile', 'compose', 'dotenv', 'package-json', 'lockfile', 'requirements', 'pyproject', 'yaml', 'gitignore', 'dockerignore'];

/** `[kind, count]` per kind, in a fixed order, skipping kinds with no file. */
export function kindCounts(byKind: Partial<Record<FileKind, number>>): [FileKind, number][] {
  return KIND_ORDER.filter((k) => byKind[k]).map((k) => [k, byKind[k]!]);
}

/** How many files of a kind, in English: names stay as written, nouns take a plural. */
const EN_KIND: Partial<Record<FileKind, (n: number) => string>> = {
  js: (n) => `${n} TS/JS`,
  python: (n) => `${n} Python`,
  nginx: (n) => `${n} nginx ${n === 1 ? 'config' : 'configs'}`,
  dockerfile: (n) => `${n} ${n === 1 ? 'Dockerfile' : 'Dockerfiles'}`,
  compose: (n) => `${n} Compose ${n === 1 ? 'file' : 'files'}`,
  dotenv: (n) => `${n} .env`,
  'package-json': (n) => `${n} package.json`,
  lockfile: (n) => `${n} ${n === 1 ? 'lockfile' : 'lockfiles'}`,
  requirements: (n) => `${n} requirements ${n === 1 ? 'file' : 'files'}`,
  pyproject: (n) => `${n} pyproject.toml`,
  yaml: (n) => `${n} YAML`,
  gitignore: (n) => `${n} .gitignore`,
  dockerignore: (n) => `${n} .dockerignore`,
};

const ZH_KIND: Partial<Record<FileKind, string>> = {
  js: 'TS/JS',
  python: 'Python',
  nginx: 'nginx 配置',
  dockerfile: 'Dockerfile',
  compose: 'Compose 文件',
  dotenv: '.env',
  'package-json': 'package.json',
  lockfile: '锁文件',
  requirements: 'requirements 文件',
  pyproject: 'pyproject.toml',
  yaml: 'YAML',
  gitignore: '.gitignore',
  dockerignore: '.dockerignore',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const en: MarkdownWords = {
  title: (project) => `# ${project} — Production Readiness Audit`,
  unnamedProject: 'Repository',
  generated: (date, tool) => `Generated: ${date} · ${tool}`,
  scope: 'Scope and method',
  parsed: (total, byKind, other) =>
    `Files read: ${total}${byKind.length ? ` — ${byKind.map(([k, n]) => EN_KIND[k]?.(n) ?? `${n} ${k}`).join(', ')}` : ''}${other ? `; ${plural(other, 'other file')} scanned as text only` : ''}.`,
  staticOnly: 'Static analysis only: nothing was run, built or deployed; no tests or load tests were run.',
  notChecked:
    'Not checked: runtime behaviour and performance, infrastructure and secrets outside the repository, backups, and the release process.',
  allParsed: 'Every file of a known kind was parsed.',
  unparsed: 'Could not be parsed (findings in these files may be missing):',
  skipped: 'Skipped:',
  ruleErrors: 'Rules that failed (their findings are missing):',
  notListed: (baseline, inline, config) =>
    `Not listed: ${[
      baseline ? `${plural(baseline, 'finding')} hidden by the baseline` : '',
      inline ? `${inline} suppressed inline` : '',
      config ? `${config} ignored by configuration` : '',
    ]
      .filter(Boolean)
      .join(', ')}.`,
  otherNotes: 'Other notes:',
  summary: 'Summary',
  verdictBlocked: (p0, areas) => `Not ready for production: ${plural(p0, 'P0 issue')} in ${areas}.`,
  verdictConditional: (p1, areas) => `Ready with conditions: no P0 issues, but ${plural(p1, 'P1 issue')} in ${areas} to fix first.`,
  verdictReady: (minor) =>
    `Ready for production as far as static analysis can tell: no P0 or P1 issues${minor ? `; ${plural(minor, 'P2/P3 improvement')} ${minor === 1 ? 'remains' : 'remain'}` : ''}.`,
  issuesRow: 'Issues',
  findingsRow: 'Findings',
  readiness: 'Readiness:',
  area: { security: 'Security', reliability: 'Reliability', observability: 'Observability', deployment: 'Deployment', dependencies: 'Dependencies' },
  areaInSentence: { security: 'security', reliability: 'reliability', observability: 'observability', deployment: 'deployment', dependencies: 'dependencies' },
  joinAreas: (areas) => (areas.length < 2 ? areas.join('') : `${areas.slice(0, -1).join(', ')} and ${areas[areas.length - 1]}`),
  priority: { P0: 'P0 (fix before production)', P1: 'P1 (high priority)', P2: 'P2 (medium priority)', P3: 'P3 (improvements)' },
  none: 'None found.',
  nothingToChange: 'Nothing to change: there are no findings.',
  noEvidence: 'None: there are no findings.',
  location: 'Location',
  problem: 'Problem',
  risk: 'Risk',
  fix: 'Fix',
  colon: ': ',
  listSep: ', ',
  more: (n) => `and ${n} more`,
  moreSep: ', ',
  seeAlso: (places) => ` (see also ${places})`,
  lines: (numbers) => `${numbers.length === 1 ? 'line' : 'lines'} ${numbers.join(', ')}`,
  priorityTag: (p) => ` (${p})`,
  root: 'repository root',
  roadmap: 'Remediation roadmap (in order)',
  step: { security: 'Security baseline (P0)', deployment: 'Deployment baseline', stability: 'Architecture and stability', quality: 'Observability and quality' },
  evidence: 'Evidence paths',
  deliverables: 'Next deliverables',
  pack: { security: 'Security fix pack', deployment: 'Build and deployment pack', stability: 'Reliability pack', quality: 'Monitoring and quality pack' },
};

const zh: MarkdownWords = {
  title: (project) => `# ${project} - 生产就绪审计报告`,
  unnamedProject: '项目',
  generated: (date, tool) => `生成时间：${date} · ${tool}`,
  scope: '范围与方法',
  parsed: (total, byKind, other) =>
    `已读取 ${total} 个文件${byKind.length ? `：${byKind.map(([k, n]) => `${ZH_KIND[k] ?? k} ${n} 个`).join('、')}` : ''}${other ? `；另有 ${other} 个其他文件仅做文本扫描` : ''}。`,
  staticOnly: '仅静态分析：未运行代码、未构建或部署，未运行测试与压测。',
  notChecked: '未覆盖：运行时行为与性能、仓库外的基础设施与密钥、备份策略与发布流程。',
  allParsed: '所有已识别类型的文件均解析成功。',
  unparsed: '无法解析的文件（其中的问题可能漏报）：',
  skipped: '已跳过：',
  ruleErrors: '执行出错的规则（其结果缺失）：',
  otherNotes: '其他说明：',
  notListed: (baseline, inline, config) =>
    `未列出：${[baseline ? `基线隐藏 ${baseline} 项` : '', inline ? `行内忽略 ${inline} 项` : '', config ? `配置忽略 ${config} 项` : '']
      .filter(Boolean)
      .join('，')}。`,
  summary: '结论摘要',
  verdictBlocked: (p0, areas) => `尚不具备上线条件：${areas}方面存在 ${p0} 项 P0 问题。`,
  verdictConditional: (p1, areas) => `有条件可上线：无 P0 问题，但${areas}方面仍有 ${p1} 项 P1 问题需优先处理。`,
  verdictReady: (minor) => `从静态分析看已具备上线条件：无 P0、P1 问题${minor ? `，另有 ${minor} 项 P2/P3 优化项` : ''}。`,
  issuesRow: '问题项',
  findingsRow: '发现数',
  readiness: '生产就绪度：',
  area: { security: '安全性', reliability: '可靠性', observability: '可观测性', deployment: '部署', dependencies: '依赖' },
  areaInSentence: { security: '安全性', reliability: '可靠性', observability: '可观测性', deployment: '部署', dependencies: '依赖' },
  joinAreas: (areas) => areas.join('、'),
  priority: { P0: 'P0（必须立即处理）', P1: 'P1（高优先级）', P2: 'P2（中优先级）', P3: 'P3（优化项）' },
  none: '无。',
  nothingToChange: '无需改造：未发现问题。',
  noEvidence: '无（未发现问题）。',
  location: '位置',
  problem: '问题',
  risk: '风险',
  fix: '修复',
  colon: '：',
  listSep: '、',
  more: (n) => `等另 ${n} 处`,
  moreSep: ' ',
  seeAlso: (places) => `（另见${/^[\u4e00-\u9fff]/.test(places) ? '' : ' '}${places}）`,
  lines: (numbers) => `第 ${numbers.join('、')} 行`,
  priorityTag: (p) => `（${p}）`,
  root: '仓库根目录',
  roadmap: '生产级改造路线（建议顺序）',
  step: { security: '安全基线（P0）', deployment: '部署基线', stability: '架构与稳定性', quality: '可观测性与质量' },
  evidence: '关键问题证据路径',
  deliverables: '建议下一步交付清单',
  pack: { security: '安全整改包', deployment: '构建部署包', stability: '可靠性提升包', quality: '监控与质量包' },
};

export const MARKDOWN_WORDS: Record<Lang, MarkdownWords> = { en, zh };

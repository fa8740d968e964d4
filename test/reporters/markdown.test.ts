import { describe, expect, it } from 'vitest';
import { groupIssues } from '../../src/reporters/issues.js';
import { markdownReporter } from '../../src/reporters/markdown.js';
import { readinessBar, readinessScore } from '../../src/reporters/readiness.js';
import { finding, report, run, sampleReport } from './synthetic.js';

const md = (r = sampleReport(), lang: 'en' | 'zh' = 'en') => markdownReporter(r, { lang, colorLevel: 0 });

/** The text of one `## heading` section, up to the next one. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`);
  expect(start, `section "${heading}"`).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('Markdown reporter', () => {
  it('has the sections of the reference form in English, in order', () => {
    const text = md();
    expect(text.startsWith('# demo-app — Production Readiness Audit\n\nGenerated: 2026-02-08 · prodcheck 9.9.9\n')).toBe(true);
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Scope and method',
      'Summary',
      'P0 (fix before production)',
      'P1 (high priority)',
      'P2 (medium priority)',
      'P3 (improvements)',
      'Remediation roadmap (in order)',
      'Evidence paths',
      'Next deliverables',
    ]);
  });

  it('uses the source reports’ own headings in Chinese', () => {
    const text = md(sampleReport(), 'zh');
    expect(text.startsWith('# demo-app - 生产就绪审计报告\n\n生成时间：2026-02-08')).toBe(true);
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      '范围与方法',
      '结论摘要',
      'P0（必须立即处理）',
      'P1（高优先级）',
      'P2（中优先级）',
      'P3（优化项）',
      '生产级改造路线（建议顺序）',
      '关键问题证据路径',
      '建议下一步交付清单',
    ]);
    for (const word of ['生产就绪度：', '安全性', '可靠性', '可观测性', '部署', '依赖', '- 位置：', '- 问题：', '- 风险：', '- 修复：', '1) 安全基线（P0）', '1) 安全整改包', '仅静态分析']) {
      expect(text).toContain(word);
    }
    expect(text).toContain('尚不具备上线条件：安全性、部署方面存在 2 项 P0 问题。');
    expect(text).toContain('- 位置：`.env:3`、`.env:4`');
    expect(text).toContain('1) 安全基线（P0）\n- Title of secrets/committed-secret（P0）\n');
  });

  it('groups findings of one rule at one priority into one numbered item with every location', () => {
    const p0 = section(md(), 'P0 (fix before production)');
    const items = p0.match(/^\d+\) .+$/gm)!;
    expect(items).toEqual([
      '1) Title of secrets/committed-secret · `secrets/committed-secret`',
      '2) Title of compose/exposed-datastore · `compose/exposed-datastore`',
    ]);
    expect(p0).toContain('- Location: `.env:3`, `.env:4`, `.env:5`, `.env:7`, `.env:9`, `.env:10`, `.env:12`\n');
    expect(p0).toContain('- Problem:\n  - A secret is committed in .env line 3.\n');
    expect(p0).toContain('- Risk: Risk of secrets/committed-secret\n- Fix: Fix of secrets/committed-secret\n');
    // One message for the whole group stays on one line.
    expect(p0).toContain('- Problem: Message of compose/exposed-datastore at docker-compose.yml:14\n');
  });

  it('caps long location lists and says how many more', () => {
    const many = Array.from({ length: 14 }, (_, i) => finding('logging/print', 'P2', 'observability', [{ path: `app/m${String(i).padStart(2, '0')}.py`, line: 1 }], { message: 'print()' }));
    const p2 = section(md(report(run(many))), 'P2 (medium priority)');
    expect(p2).toMatch(/- Location: `app\/m00\.py:1`(, `[^`]+`){9}, and 4 more\n/);
    expect(p2).toContain('- Problem: print()\n');
    expect(md(report(run(many)), 'zh')).toMatch(/- 位置：`app\/m00\.py:1`(、`[^`]+`){9} 等另 4 处\n/);
    // Two more are shown rather than summarised.
    expect(md(report(run(many.slice(0, 12))))).toMatch(/- Location: `app\/m00\.py:1`(, `[^`]+`){11}\n/);
  });

  it('shows related evidence after its primary location, inline for one place', () => {
    const p0 = section(md(), 'P0 (fix before production)');
    expect(p0).toContain('- Location: `docker-compose.yml:14` (see also `nginx.conf:3`)\n');
    expect(section(md(sampleReport(), 'zh'), 'P0（必须立即处理）')).toContain('- 位置：`docker-compose.yml:14`（另见 `nginx.conf:3`）\n');
    // A file-level mention of the primary's own file adds nothing.
    const own = report(run([finding('a/own', 'P1', 'security', [{ path: '.env', line: 7 }, { path: '.env' }])]));
    expect(md(own)).toContain('- Location: `.env:7`\n');
  });

  it('lists several places with related evidence one per line, grouping same-file lines and naming a shared place once', () => {
    const routes = [69, 78, 88].map((line) => finding('auth/x', 'P0', 'security', [{ path: 'backend.py', line }, { path: 'backend.py', line: 42 }]));
    const keys = finding('secrets/y', 'P0', 'security', [
      { path: '.env', line: 3 },
      { path: 'src/a.ts', line: 5 },
      { path: 'next.config.js', line: 7 },
      { path: '.env', line: 9 },
      { path: 'src/b.ts', line: 1 },
      { path: 'src/c.ts', line: 1 },
      { path: 'src/d.ts', line: 1 },
      { path: 'src/e.ts', line: 1 },
    ]);
    const text = md(report(run([...routes, keys])));
    expect(text).toContain('- Location:\n  - `backend.py:69` (see also line 42)\n  - `backend.py:78`\n  - `backend.py:88`\n- Problem:');
    expect(text).toContain('- Location: `.env:3` (see also line 9, `src/a.ts:5`, `next.config.js:7`, and 4 more)\n');
    const zh = md(report(run([...routes, keys])), 'zh');
    expect(zh).toContain('- 位置：\n  - `backend.py:69`（另见第 42 行）\n  - `backend.py:78`\n');
    expect(zh).toContain('- 位置：`.env:3`（另见第 9 行、`src/a.ts:5`、`next.config.js:7` 等另 4 处）\n');
    expect(md(report(run([...routes, keys])))).toBe(text);
    const many = finding('deps/z', 'P1', 'dependencies', [{ path: 'requirements.txt', line: 1 }, ...[2, 3, 4, 5, 6, 7].map((line) => ({ path: 'requirements.txt', line }))]);
    expect(md(report(run([many])), 'zh')).toContain('- 位置：`requirements.txt:1`（另见第 2、3、4 行等另 3 处）\n');
    expect(md(report(run([many])))).toContain('- Location: `requirements.txt:1` (see also lines 2, 3, 4, and 3 more)\n');
  });

  it('says repository root for findings about the repository as a whole', () => {
    const text = md();
    expect(section(text, 'P2 (medium priority)')).toContain('- Location: repository root\n');
    expect(section(text, 'Evidence paths')).toContain('- repository root\n');
  });

  it('writes the verdict: blocked by P0, conditional on P1, or ready', () => {
    expect(md()).toContain('\nNot ready for production: 2 P0 issues in security and deployment.\n');
    const p1 = report(run([finding('a/x', 'P1', 'reliability', [{ path: 'a.py', line: 1 }]), finding('a/x', 'P1', 'reliability', [{ path: 'b.py', line: 1 }])]));
    expect(md(p1)).toContain('\nReady with conditions: no P0 issues, but 1 P1 issue in reliability to fix first.\n');
    expect(md(p1, 'zh')).toContain('有条件可上线：无 P0 问题，但可靠性方面仍有 1 项 P1 问题需优先处理。');
    const minor = report(run([finding('a/y', 'P3', 'observability', [{ path: 'a.py', line: 1 }])]));
    expect(md(minor)).toContain('Ready for production as far as static analysis can tell: no P0 or P1 issues; 1 P2/P3 improvement remains.');
    const clean = md(report(run([])));
    expect(clean).toContain('Ready for production as far as static analysis can tell: no P0 or P1 issues.');
    expect(section(clean, 'P0 (fix before production)')).toContain('None found.');
    expect(section(clean, 'Remediation roadmap (in order)')).toContain('Nothing to change: there are no findings.');
    expect(section(clean, 'Evidence paths')).toContain('None: there are no findings.');
    expect(section(md(report(run([])), 'zh'), '生产级改造路线（建议顺序）')).toContain('无需改造：未发现问题。');
  });

  it('counts issues and findings per priority in the summary table', () => {
    const summary = section(md(), 'Summary');
    expect(summary).toContain('| | P0 | P1 | P2 | P3 |\n| --- | ---: | ---: | ---: | ---: |\n| Issues | 2 | 1 | 2 | 1 |\n| Findings | 8 | 1 | 2 | 1 |');
  });

  it('draws readiness bars per area from the documented formula', () => {
    const summary = section(md(), 'Summary');
    expect(summary).toContain('```\nSecurity       █████░░░░░ 50%\nReliability    █████████░ 94%\nObservability  ██████████ 100%\nDeployment     █████░░░░░ 50%\nDependencies   ██████████ 100%\n```');
    const zh = section(md(sampleReport(), 'zh'), '结论摘要');
    expect(zh).toContain('安全性    █████░░░░░ 50%\n可靠性    █████████░ 94%\n可观测性  ██████████ 100%');
  });

  it('lists scope: files per kind, static analysis only, files that could not be parsed', () => {
    const scope = section(md(), 'Scope and method');
    expect(scope).toContain('- Files read: 12 — 3 TS/JS, 4 Python, 1 Dockerfile, 1 Compose file, 1 .env; 2 other files scanned as text only.');
    expect(scope).toContain('- Static analysis only');
    expect(scope).toContain('- Could not be parsed (findings in these files may be missing):\n  - `broken.py:1` — Python syntax error');
    const r = report(run([], [{ path: 'x.bin', kind: 'skipped-binary', message: 'skipped: binary content' }]));
    r.runs[0].stats.suppressed.baseline = 4;
    const other = section(md(r), 'Scope and method');
    expect(other).toContain('- Every file of a known kind was parsed.');
    expect(section(md(sampleReport(), 'zh'), '范围与方法')).toContain('- 已读取 12 个文件：TS/JS 3 个、Python 4 个、Dockerfile 1 个、Compose 文件 1 个、.env 1 个；另有 2 个其他文件仅做文本扫描。');
    expect(other).toContain('- Skipped:\n  - `x.bin` — skipped: binary content');
    expect(other).toContain('- Not listed: 4 findings hidden by the baseline.');
  });

  it('orders the roadmap by area with every P0 in the security baseline, and lists evidence paths once', () => {
    const text = md();
    expect(section(text, 'Remediation roadmap (in order)')).toContain(
      '1) Security baseline (P0)\n- Title of secrets/committed-secret (P0)\n- Title of compose/exposed-datastore (P0)\n- Title of cors/wildcard-credentials (P1)\n\n2) Deployment baseline\n- Title of docker/unpinned-base (P2)\n\n3) Architecture and stability\n',
    );
    expect(section(text, 'Evidence paths')).toBe(
      '\n## Evidence paths\n\n- repository root\n- `.env`\n- `Dockerfile`\n- `app/main.py`\n- `broken.py`\n- `docker-compose.yml`\n- `nginx.conf`\n',
    );
    expect(section(text, 'Next deliverables')).toContain('1) Security fix pack\n- Fix of secrets/committed-secret\n- Fix of cors/wildcard-credentials\n');
  });

  it('names the project after the root folder, and renders one report per root', () => {
    expect(md(report(run([], [], '.')))).toMatch(/^# Repository — Production Readiness Audit/);
    expect(md(report(run([], [], '.')), 'zh')).toMatch(/^# 项目 - 生产就绪审计报告/);
    expect(md(report(run([], [], 'work/shop-api/')))).toMatch(/^# shop-api — /);
    const two = md(report(run([], [], 'a'), run([], [], 'b')));
    expect(two.match(/^# /gm)).toHaveLength(2);
    expect(two).toContain('\n---\n\n# b — ');
  });

  it('is deterministic and ends with one newline', () => {
    expect(md()).toBe(md());
    expect(md().endsWith('\n')).toBe(true);
    expect(md().endsWith('\n\n')).toBe(false);
  });
});

describe('readiness formula', () => {
  const issues = (...ps: ('P0' | 'P1' | 'P2' | 'P3')[]) =>
    groupIssues(ps.map((p, i) => finding(`r/${i}`, p, 'security', [{ path: 'a', line: 1 }])));
  it('takes 30/15/5/1 points per issue, floors at 0, and caps an area with a P0 at 50', () => {
    expect(readinessScore(issues(), 'security')).toBe(100);
    expect(readinessScore(issues('P1', 'P2', 'P3'), 'security')).toBe(79);
    expect(readinessScore(issues('P0'), 'security')).toBe(50);
    expect(readinessScore(issues('P0', 'P0'), 'security')).toBe(40);
    expect(readinessScore(issues('P0', 'P0', 'P0', 'P0'), 'security')).toBe(0);
    expect(readinessScore(issues('P0'), 'reliability')).toBe(100);
  });
  it('draws ten cells rounded to the nearest 10%', () => {
    expect(readinessBar(30)).toBe('███░░░░░░░ 30%');
    expect(readinessBar(94)).toBe('█████████░ 94%');
    expect(readinessBar(0)).toBe('░░░░░░░░░░ 0%');
  });
});

import type { AuditResult, Category, Diagnostic, Evidence, Finding, Priority } from '../../src/engine/types.js';
import type { Report } from '../../src/reporters/types.js';

/** A hand-built finding: reporter tests need exact control over what they render. */
export function finding(
  ruleId: string,
  priority: Priority,
  category: Category,
  evidence: Evidence[],
  extra: Partial<Finding> = {},
): Finding {
  return {
    ruleId,
    priority,
    category,
    title: `Title of ${ruleId}`,
    message: `Message of ${ruleId} at ${evidence[0]?.path}:${evidence[0]?.line ?? ''}`,
    risk: `Risk of ${ruleId}`,
    fix: `Fix of ${ruleId}`,
    evidence,
    fingerprint: `${ruleId}:${evidence[0]?.path}:${evidence[0]?.line ?? 0}`.replace(/[^\w:.]/g, '_'),
    ...extra,
  };
}

export function run(findings: Finding[], diagnostics: Diagnostic[] = [], root = 'demo-app'): AuditResult {
  return {
    root,
    findings,
    diagnostics,
    stats: {
      files: 12,
      bytes: 3456,
      filesByKind: { python: 4, js: 3, dockerfile: 1, compose: 1, dotenv: 1 },
      durationMs: 5,
      suppressed: { inline: 0, config: 0, baseline: 0 },
    },
  };
}

export function report(...runs: AuditResult[]): Report {
  return { tool: { name: 'prodcheck', version: '9.9.9' }, generatedAt: '2026-02-08T10:11:12.000Z', runs };
}

/** A realistic mix: seven keys in one .env (one issue), a P0 compose problem, P1–P3 below. */
export function sampleReport(): Report {
  const keys = [3, 4, 5, 7, 9, 10, 12].map((line) =>
    finding('secrets/committed-secret', 'P0', 'security', [{ path: '.env', line, column: 1, snippet: 'KEY=sk-…[redacted 40 chars]' }], {
      message: `A secret is committed in .env line ${line}.`,
      fingerprint: `secret${line}`,
    }),
  );
  return report(
    run(
      [
        ...keys,
        finding('compose/exposed-datastore', 'P0', 'deployment', [
          { path: 'docker-compose.yml', line: 14, column: 7, snippet: '- "6379:6379"' },
          { path: 'nginx.conf', line: 3, column: 1 },
        ]),
        finding('cors/wildcard-credentials', 'P1', 'security', [{ path: 'app/main.py', line: 20, column: 1 }]),
        finding('docker/unpinned-base', 'P2', 'deployment', [{ path: 'Dockerfile', line: 1, column: 1, snippet: 'FROM python' }]),
        finding('repo/no-ci', 'P2', 'reliability', [{ path: '.' }]),
        finding('prodcheck/parse-error', 'P3', 'reliability', [{ path: 'broken.py', line: 1, column: 1 }]),
      ],
      [{ path: 'broken.py', line: 1, kind: 'parse-error', message: 'Python syntax error' }],
    ),
  );
}

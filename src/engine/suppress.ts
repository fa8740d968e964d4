import ignore from 'ignore';
import type { ConfigIgnore } from './config.js';
import type { Diagnostic, Finding } from './types.js';

const INLINE = /prodcheck-ignore(?:-next-line)?\s+([\w/,\s*-]+?)\s*(?:--\s*(.*?))?\s*(?:\*\/|-->|$)/;

/**
 * `prodcheck-ignore <rule-id>[, <rule-id>] -- <reason>` in any comment syntax, on the line of the
 * primary evidence or the line above it. A suppression without a reason is not honoured.
 */
export function inlineSuppression(
  finding: Finding,
  textOf: (path: string) => string | undefined,
  diagnostics: Diagnostic[],
): boolean {
  const primary = finding.evidence[0];
  if (!primary?.line) return false;
  const text = textOf(primary.path);
  if (!text) return false;
  const lines = text.split(/\r?\n/, primary.line);
  for (const lineNo of [primary.line - 1, primary.line]) {
    const line = lines[lineNo - 1];
    if (!line || !line.includes('prodcheck-ignore')) continue;
    const match = INLINE.exec(line);
    if (!match) continue;
    const ids = match[1].split(/[\s,]+/).filter(Boolean);
    if (!ids.includes(finding.ruleId) && !ids.includes('*')) continue;
    if (!match[2]) {
      diagnostics.push({
        path: primary.path,
        line: lineNo,
        kind: 'suppression-without-reason',
        message: `prodcheck-ignore ${finding.ruleId} needs a reason: "prodcheck-ignore ${finding.ruleId} -- <why>"`,
      });
      return false;
    }
    return true;
  }
  return false;
}

export interface ConfigSuppressor {
  matches(finding: Finding): boolean;
}

/** Config `ignore:` entries; an entry past its `until` date no longer hides anything. */
export function configSuppressor(entries: ConfigIgnore[], today: string, diagnostics: Diagnostic[]): ConfigSuppressor {
  const active = entries.filter((entry) => {
    if (entry.until && entry.until < today) {
      diagnostics.push({
        path: '.prodcheck.yaml',
        kind: 'expired-ignore',
        message: `the ignore entry for ${entry.rule} expired on ${entry.until} (${entry.reason})`,
      });
      return false;
    }
    return true;
  });
  const compiled = active.map((entry) => ({
    entry,
    paths: entry.paths?.length ? ignore().add(entry.paths) : undefined,
  }));
  return {
    matches(finding) {
      return compiled.some(({ entry, paths }) => {
        if (entry.rule !== '*' && entry.rule !== finding.ruleId) return false;
        if (!paths) return true;
        return finding.evidence.some((e) => e.path && e.path !== '.' && paths.ignores(e.path));
      });
    },
  };
}

import ignore, { type Ignore } from 'ignore';
import { ok, type ParseResult } from './result.js';

export interface IgnorePattern {
  pattern: string;
  line: number;
  negated: boolean;
}

/** A .gitignore or .dockerignore: its patterns with lines, and a matcher with gitignore semantics. */
export interface IgnoreFileModel {
  patterns: IgnorePattern[];
  /** Whether a path relative to the ignore file's folder is excluded. */
  ignores(relativePath: string): boolean;
}

export function parseIgnoreFile(text: string): ParseResult<IgnoreFileModel> {
  const patterns: IgnorePattern[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const pattern = raw.trim();
    if (!pattern || pattern.startsWith('#')) return;
    patterns.push({ pattern, line: i + 1, negated: pattern.startsWith('!') });
  });
  let matcher: Ignore;
  try {
    matcher = ignore().add(patterns.map((p) => p.pattern));
  } catch {
    matcher = ignore();
  }
  return ok({
    patterns,
    ignores(relativePath: string) {
      const clean = relativePath.replace(/^\.?\//, '');
      if (!clean) return false;
      try {
        return matcher.ignores(clean);
      } catch {
        return false;
      }
    },
  });
}

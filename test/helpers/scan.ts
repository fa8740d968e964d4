import { resolve } from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import { audit, type AuditOptions } from '../../src/engine/audit.js';
import type { AuditResult } from '../../src/engine/types.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** Audits a folder with every rule (or `only` some), as the CLI would. */
export function scanDir(dir: string, options: Partial<AuditOptions> = {}): Promise<AuditResult> {
  return audit({ root: dir, rules: ALL_RULES, today: '2026-01-01', ...options });
}

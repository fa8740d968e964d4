import type { Inventory } from './inventory.js';
import type { ModelOf } from '../parsers/models.js';

export type Priority = 'P0' | 'P1' | 'P2' | 'P3';
export const PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2', 'P3'];

/** The readiness areas of the report; every rule belongs to one. */
export type Category = 'security' | 'reliability' | 'observability' | 'deployment' | 'dependencies';
export const CATEGORIES: readonly Category[] = [
  'security',
  'reliability',
  'observability',
  'deployment',
  'dependencies',
];

/**
 * What a file is to prodcheck. `text` is a pseudo-kind: every readable, non-binary file is also
 * handed to `text` listeners (the secret scanners).
 */
export type FileKind =
  | 'js'
  | 'python'
  | 'dockerfile'
  | 'compose'
  | 'nginx'
  | 'dotenv'
  | 'package-json'
  | 'lockfile'
  | 'requirements'
  | 'pyproject'
  | 'gitignore'
  | 'dockerignore'
  | 'yaml'
  | 'text';

export type Lang = 'en' | 'zh';

export interface RuleDocs {
  /** Short title of the finding, as a report heading. */
  title: string;
  /** Why this matters: the problem in general terms. */
  why: string;
  /** What happens in production if it is left. */
  risk: string;
  /** What to change. */
  fix: string;
}

export interface RuleMeta {
  /** `<domain>/<kebab-name>`, equal to the rule's path under rules/. */
  id: string;
  priority: Priority;
  category: Category;
  /** The kinds the rule listens to (also the keys of its visitors). */
  kinds: FileKind[];
  /** Message templates per language; `{{name}}` is replaced by report data. */
  messages: Record<string, { en: string; zh: string }>;
  docs: { en: RuleDocs; zh: RuleDocs };
  /** A minimal bad and good example, shown by `prodcheck explain` and in SARIF help. */
  examples: { bad: string; good: string };
  refs?: string[];
  /** Tags for SARIF (`security` adds `security-severity`). */
  tags?: string[];
}

export interface EvidenceInput {
  path: string;
  /** 1-based; omit for a repository-level finding that points at a file as a whole or the root. */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Defaults to the text of `line` in that file. */
  snippet?: string;
}

export interface Evidence {
  path: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  snippet?: string;
}

/**
 * A value of message data. Text and numbers read the same in every language; a list is joined the
 * way each language writes lists (`a, b` / `a、b`); `{ en, zh }` is text that must be translated.
 */
export type MessageValue = string | number | readonly string[] | { readonly en: string; readonly zh: string };

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, MessageValue>;
  /** The first evidence is the primary location. */
  evidence: EvidenceInput[];
  /** Raising or lowering the rule's default priority needs a `reason`. */
  priority?: Priority;
  reason?: string;
  /** Raw secret values in this finding: they are redacted from every output. */
  secrets?: string[];
  /** Extra text hashed into the fingerprint, for findings that share a location. */
  key?: string;
}

export interface Finding {
  ruleId: string;
  priority: Priority;
  category: Category;
  title: string;
  message: string;
  risk: string;
  fix: string;
  evidence: Evidence[];
  fingerprint: string;
  /** Why the priority differs from the rule's default, when it does. */
  reason?: string;
}

export interface Diagnostic {
  path: string;
  /** `parse-error`, `skipped-binary`, `skipped-size`, `link-outside-root`, `unreadable`, `rule-crash`… */
  kind: string;
  message: string;
  line?: number;
  ruleId?: string;
}

/** The file a visitor receives: its text and the parsed model of its kind, shared and frozen. */
export interface ParsedFile<K extends FileKind = FileKind> {
  path: string;
  kind: K;
  text: string;
  model: ModelOf<K>;
}

export type Visitors = {
  [K in FileKind]?: (file: ParsedFile<K>) => void;
} & {
  /**
   * Runs once, after every file was visited: where cross-file rules conclude. May return a
   * promise (the engine awaits it), for libraries whose API is async (secretlint).
   */
  done?: () => void | Promise<void>;
};

export interface RuleContext {
  /** Reports a finding; `messageId` names one of the rule's messages. */
  report(descriptor: ReportDescriptor): void;
  /** Which paths the repository holds and of what kind; the only window on the tree. */
  inventory: Inventory;
  /** Options set for this rule in `.prodcheck.yaml`. */
  options: Record<string, unknown>;
}

export interface Rule {
  meta: RuleMeta;
  create(ctx: RuleContext): Visitors;
}

export interface AuditStats {
  files: number;
  bytes: number;
  filesByKind: Partial<Record<FileKind, number>>;
  durationMs: number;
  suppressed: { inline: number; config: number; baseline: number };
  /** With `timing`: threads used (the rules' and Python parsers'), and milliseconds per parser kind and per rule. */
  timing?: { threads: number; parse: Record<string, number>; rules: Record<string, number> };
}

export interface AuditResult {
  root: string;
  findings: Finding[];
  diagnostics: Diagnostic[];
  stats: AuditStats;
}

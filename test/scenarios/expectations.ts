import type { Priority } from '../../src/engine/types.js';

/** A finding a source report names, as the scenario modelled on it must produce it. */
export interface KeyFinding {
  rule: string;
  path: string;
  line?: number;
  priority: Priority;
  /** Where the source report raises it, e.g. "004 P0-1". */
  seed: string;
  /** Match any evidence location, not only the primary one. */
  anyEvidence?: boolean;
}

export interface ScenarioExpectation {
  found: KeyFinding[];
  /** Findings that would be false positives on this scenario. */
  absent?: { rule: string; path?: string; why: string }[];
  /** Nothing may be graded above this (003, the fixed repository). */
  maxPriority?: Priority;
}

export const SCENARIO_EXPECTATIONS: Record<string, ScenarioExpectation> = {
  'nextjs-llm-client-000': { found: [] },
  'fastapi-support-desk-001': { found: [] },
  'model-serving-002': { found: [] },
  'orchestrator-fixed-003': { found: [] },
  'script-agent-platform-004': { found: [] },
};

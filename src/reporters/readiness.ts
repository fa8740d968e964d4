import { CATEGORIES, type Category, type Priority } from '../engine/types.js';
import type { Issue } from './issues.js';

/** Points an issue (one rule at one priority, however many locations) takes off its area. */
export const READINESS_PENALTY: Record<Priority, number> = { P0: 30, P1: 15, P2: 5, P3: 1 };
/** An area with a P0 issue is at most half ready, however few other issues it has. */
export const READINESS_CAP_WITH_P0 = 50;

const BAR_CELLS = 10;

/**
 * Readiness of an area (security, reliability, observability, deployment, dependencies):
 *
 *     score = max(0, 100 − 30·P0 − 15·P1 − 5·P2 − 1·P3), and at most 50 if P0 > 0
 *
 * where Pn counts the area's *issues* at that priority (findings of one rule at one priority are
 * one issue, so seven keys in one `.env` weigh as one). An area with no findings scores 100:
 * static analysis found nothing there, which is not proof that it is production-grade.
 * The bar has ten cells, one per 10 points, rounded to the nearest cell.
 */
export function readinessScore(issues: readonly Issue[], category: Category): number {
  const inArea = issues.filter((i) => i.category === category);
  const penalty = inArea.reduce((sum, i) => sum + READINESS_PENALTY[i.priority], 0);
  const score = Math.max(0, 100 - penalty);
  return inArea.some((i) => i.priority === 'P0') ? Math.min(score, READINESS_CAP_WITH_P0) : score;
}

export function readinessScores(issues: readonly Issue[]): Record<Category, number> {
  return Object.fromEntries(CATEGORIES.map((c) => [c, readinessScore(issues, c)])) as Record<Category, number>;
}

/** `███░░░░░░░ 30%` */
export function readinessBar(score: number): string {
  const filled = Math.round(score / (100 / BAR_CELLS));
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)} ${score}%`;
}

import { PRIORITIES, type Priority } from './types.js';

export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

/** Whether `p` is at `threshold` or more severe (P0 is the most severe). */
export function atOrAbove(p: Priority, threshold: Priority): boolean {
  return priorityRank(p) <= priorityRank(threshold);
}

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}

/** Lowers a priority to at most `cap` severity (test folders are never above P3). */
export function capPriority(p: Priority, cap: Priority): Priority {
  return priorityRank(p) < priorityRank(cap) ? cap : p;
}

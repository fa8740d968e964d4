import type { Priority } from '../../src/engine/types.js';

/** How an injection sink is graded: P0 when request data reaches it, P1 when the origin is unseen. */
export function injectionGrade(source: string | undefined): { messageId: 'input' | 'dynamic'; priority?: Priority; reason?: string } {
  if (source) return { messageId: 'input' };
  return { messageId: 'dynamic', priority: 'P1', reason: 'the value is built at run time but no request data was seen reaching it in this function' };
}

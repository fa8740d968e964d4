import type { Rule } from '../../src/engine/types.js';
import unboundedCache from './unbounded-cache.js';
import unboundedQueue from './unbounded-queue.js';

export default [unboundedCache, unboundedQueue] satisfies Rule[];

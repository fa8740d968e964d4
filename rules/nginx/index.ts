import type { Rule } from '../../src/engine/types.js';
import sseBuffering from './sse-buffering.js';

export default [sseBuffering] satisfies Rule[];

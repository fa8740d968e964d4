import type { Rule } from '../../src/engine/types.js';
import sseBuffering from './sse-buffering.js';
import sseGzipTimeout from './sse-gzip-timeout.js';

export default [sseBuffering, sseGzipTimeout] satisfies Rule[];

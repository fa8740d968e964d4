import type { Rule } from '../../src/engine/types.js';
import corsWildcard from './cors-wildcard.js';
import sseBuffering from './sse-buffering.js';
import sseGzipTimeout from './sse-gzip-timeout.js';

export default [corsWildcard, sseBuffering, sseGzipTimeout] satisfies Rule[];

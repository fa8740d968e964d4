import type { Rule } from '../../src/engine/types.js';
import corsWildcard from './cors-wildcard.js';
import noBodyLimit from './no-body-limit.js';
import serverTokens from './server-tokens.js';
import sseBuffering from './sse-buffering.js';
import sseGzipTimeout from './sse-gzip-timeout.js';

export default [corsWildcard, noBodyLimit, serverTokens, sseBuffering, sseGzipTimeout] satisfies Rule[];

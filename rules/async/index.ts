import type { Rule } from '../../src/engine/types.js';
import blockingCall from './blocking-call.js';

export default [blockingCall] satisfies Rule[];

import type { Rule } from '../../src/engine/types.js';
import debugEnabled from './debug-enabled.js';
import weakDefaultSecret from './weak-default-secret.js';

export default [debugEnabled, weakDefaultSecret] satisfies Rule[];

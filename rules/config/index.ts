import type { Rule } from '../../src/engine/types.js';
import weakDefaultSecret from './weak-default-secret.js';

export default [weakDefaultSecret] satisfies Rule[];

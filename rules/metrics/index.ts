import type { Rule } from '../../src/engine/types.js';
import missing from './missing.js';

export default [missing] satisfies Rule[];

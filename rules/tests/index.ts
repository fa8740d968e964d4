import type { Rule } from '../../src/engine/types.js';
import noLoadBaseline from './no-load-baseline.js';

export default [noLoadBaseline] satisfies Rule[];

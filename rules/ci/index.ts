import type { Rule } from '../../src/engine/types.js';
import missing from './missing.js';
import noTests from './no-tests.js';

export default [missing, noTests] satisfies Rule[];

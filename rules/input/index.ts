import type { Rule } from '../../src/engine/types.js';
import unvalidatedBody from './unvalidated-body.js';

export default [unvalidatedBody] satisfies Rule[];

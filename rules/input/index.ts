import type { Rule } from '../../src/engine/types.js';
import unboundedTextField from './unbounded-text-field.js';
import unvalidatedBody from './unvalidated-body.js';

export default [unvalidatedBody, unboundedTextField] satisfies Rule[];

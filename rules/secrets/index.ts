import type { Rule } from '../../src/engine/types.js';
import committedSecret from './committed-secret.js';

export default [committedSecret] satisfies Rule[];

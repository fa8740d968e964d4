import type { Rule } from '../../src/engine/types.js';
import unsafeDeserialization from './unsafe-deserialization.js';

export default [unsafeDeserialization] satisfies Rule[];

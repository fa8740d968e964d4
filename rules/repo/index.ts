import type { Rule } from '../../src/engine/types.js';

export default [] satisfies Rule[];

import type { Rule } from '../../src/engine/types.js';
import missingEndpoint from './missing-endpoint.js';
import shallow from './shallow.js';

export default [missingEndpoint, shallow] satisfies Rule[];

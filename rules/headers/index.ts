import type { Rule } from '../../src/engine/types.js';
import missingSecurityHeaders from './missing-security-headers.js';

export default [missingSecurityHeaders] satisfies Rule[];

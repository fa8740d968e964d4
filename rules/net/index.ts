import type { Rule } from '../../src/engine/types.js';
import noTimeout from './no-timeout.js';
import tlsVerifyDisabled from './tls-verify-disabled.js';

export default [noTimeout, tlsVerifyDisabled] satisfies Rule[];

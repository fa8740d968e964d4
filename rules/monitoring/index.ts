import type { Rule } from '../../src/engine/types.js';
import noAlertRules from './no-alert-rules.js';

export default [noAlertRules] satisfies Rule[];

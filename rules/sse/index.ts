import type { Rule } from '../../src/engine/types.js';
import noDisconnectHandling from './no-disconnect-handling.js';

export default [noDisconnectHandling] satisfies Rule[];

import type { Rule } from '../../src/engine/types.js';
import missing from './missing.js';
import unregistered from './unregistered.js';

export default [missing, unregistered] satisfies Rule[];

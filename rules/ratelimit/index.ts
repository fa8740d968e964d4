import type { Rule } from '../../src/engine/types.js';
import unregistered from './unregistered.js';

export default [unregistered] satisfies Rule[];

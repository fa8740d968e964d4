import type { Rule } from '../../src/engine/types.js';
import wildcard from './wildcard.js';
import wildcardCredentials from './wildcard-credentials.js';

export default [wildcard, wildcardCredentials] satisfies Rule[];

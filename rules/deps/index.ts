import type { Rule } from '../../src/engine/types.js';
import unpinned from './unpinned.js';

export default [unpinned] satisfies Rule[];

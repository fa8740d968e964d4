import type { Rule } from '../../src/engine/types.js';
import unpinnedBase from './unpinned-base.js';

export default [unpinnedBase] satisfies Rule[];

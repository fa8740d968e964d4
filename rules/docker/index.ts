import type { Rule } from '../../src/engine/types.js';
import runsAsRoot from './runs-as-root.js';
import unpinnedBase from './unpinned-base.js';

export default [runsAsRoot, unpinnedBase] satisfies Rule[];

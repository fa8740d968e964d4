import type { Rule } from '../../src/engine/types.js';
import committedBuildOutput from './committed-build-output.js';
import committedNodeModules from './committed-node-modules.js';
import sprawl from './sprawl.js';

export default [committedBuildOutput, committedNodeModules, sprawl] satisfies Rule[];

import type { Rule } from '../../src/engine/types.js';
import missingArtifacts from './missing-artifacts.js';

export default [missingArtifacts] satisfies Rule[];

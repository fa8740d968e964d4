import type { Rule } from '../../src/engine/types.js';
import debugEnabled from './debug-enabled.js';
import emptyRequiredEnv from './empty-required-env.js';
import noEnvLayering from './no-env-layering.js';
import weakDefaultSecret from './weak-default-secret.js';

export default [debugEnabled, emptyRequiredEnv, noEnvLayering, weakDefaultSecret] satisfies Rule[];

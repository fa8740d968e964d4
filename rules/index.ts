import type { Rule } from '../src/engine/types.js';
import parseError from './prodcheck/parse-error.js';
import dockerRules from './docker/index.js';

/** Every rule prodcheck knows, listed explicitly: each domain's index names its rules. */
export const ALL_RULES: readonly Rule[] = [parseError, ...dockerRules].sort((a, b) =>
  a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0,
);

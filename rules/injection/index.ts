import type { Rule } from '../../src/engine/types.js';
import codeEval from './code-eval.js';
import shell from './shell.js';
import sql from './sql.js';

export default [codeEval, shell, sql] satisfies Rule[];

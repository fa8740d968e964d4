import type { Rule } from '../../src/engine/types.js';
import noRotation from './no-rotation.js';
import printStatements from './print-statements.js';
import unstructured from './unstructured.js';

export default [noRotation, printStatements, unstructured] satisfies Rule[];

import type { Rule } from '../../src/engine/types.js';
import exposedDatastore from './exposed-datastore.js';

export default [exposedDatastore] satisfies Rule[];

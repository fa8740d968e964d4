import type { Rule } from '../../src/engine/types.js';
import defaultCredentials from './default-credentials.js';
import exposedDatastore from './exposed-datastore.js';

export default [defaultCredentials, exposedDatastore] satisfies Rule[];

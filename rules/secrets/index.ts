import type { Rule } from '../../src/engine/types.js';
import clientExposed from './client-exposed.js';
import committedSecret from './committed-secret.js';
import envFileCommitted from './env-file-committed.js';
import logged from './logged.js';

export default [clientExposed, committedSecret, envFileCommitted, logged] satisfies Rule[];

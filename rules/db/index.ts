import type { Rule } from '../../src/engine/types.js';
import clientPerRequest from './client-per-request.js';
import noMigrations from './no-migrations.js';

export default [clientPerRequest, noMigrations] satisfies Rule[];

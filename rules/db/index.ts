import type { Rule } from '../../src/engine/types.js';
import noMigrations from './no-migrations.js';

export default [noMigrations] satisfies Rule[];

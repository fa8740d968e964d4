import type { Rule } from '../../src/engine/types.js';
import inMemorySessionStore from './in-memory-session-store.js';

export default [inMemorySessionStore] satisfies Rule[];

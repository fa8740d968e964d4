import type { Rule } from '../../src/engine/types.js';
import inMemoryTokenBlacklist from './in-memory-token-blacklist.js';
import inMemoryUserStore from './in-memory-user-store.js';

export default [inMemoryUserStore, inMemoryTokenBlacklist] satisfies Rule[];

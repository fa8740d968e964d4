import { describe, expect, it } from 'vitest';
import { containerRole, isSessionStoreClass, roleOf, splitWords } from '../../src/analysis/state/containers.js';
import { pyModuleResolver } from '../../src/analysis/py-module-resolver.js';

describe('container roles', () => {
  it('splits identifiers into words and joined pairs', () => {
    expect(splitWords('offlineQueue')).toEqual(['offline', 'queue', 'offlinequeue']);
    expect(splitWords('_chat_history')).toEqual(['chat', 'history', 'chathistory']);
  });

  it('gives users and keys to auth, caches to the cache rule, conversations to the state rule', () => {
    expect(roleOf('users_db')).toBe('auth');
    expect(roleOf('apiKeys')).toBe('auth');
    expect(roleOf('fallbackResponses')).toBe('cache');
    expect(roleOf('_embedding_cache')).toBe('cache');
    expect(roleOf('conversations')).toBe('session');
    expect(roleOf('_data', 'InMemorySessionStore')).toBe('session');
    expect(roleOf('messages', 'ChatHistory')).toBe('session');
    expect(roleOf('offlineQueue', 'EnhancedFastGPTClient')).toBe('other');
    expect(roleOf('threads')).toBe('other');
  });

  it('reads a memo table as a cache', () => {
    expect(containerRole({ name: '_summaries', memoized: true })).toBe('cache');
    expect(containerRole({ name: '_summaries' })).toBe('other');
  });

  it('knows session store classes', () => {
    expect(isSessionStoreClass('ConversationStore')).toBe(true);
    expect(isSessionStoreClass('SessionManager')).toBe(true);
    expect(isSessionStoreClass('UserSessionStore')).toBe(false);
    expect(isSessionStoreClass('HttpClient')).toBe(false);
  });
});

describe('python module resolution', () => {
  const index = new Map([
    ['backend.app.deps', 'backend/app/deps.py'],
    ['app.services.store', 'app/services/store.py'],
    ['utils.logging', 'utils/logging.py'],
  ]);

  it('resolves exact, src-layout and function-qualified names', () => {
    expect(pyModuleResolver(index)('app.services.store')).toBe('app/services/store.py');
    expect(pyModuleResolver(index)('app.deps.get_redis')).toBe('backend/app/deps.py');
  });

  it('never takes a standard-library module for a local file by suffix', () => {
    expect(pyModuleResolver(index)('logging')).toBeUndefined();
  });
});

import type { Rule } from '../../src/engine/types.js';
import disabledByDefault from './disabled-by-default.js';
import inMemoryTokenBlacklist from './in-memory-token-blacklist.js';
import jwtLongLived from './jwt-long-lived.js';
import inMemoryUserStore from './in-memory-user-store.js';
import noAuthentication from './no-authentication.js';
import noLoginThrottle from './no-login-throttle.js';
import unprotectedRoute from './unprotected-route.js';

export default [disabledByDefault, inMemoryUserStore, inMemoryTokenBlacklist, unprotectedRoute, noAuthentication, noLoginThrottle, jwtLongLived] satisfies Rule[];

import { describe, expect, it } from 'vitest';
import { authSwitchSense, isAuthGuardName, isAuthStoreName, isLimitGuardName, isRevocationName, leavesAuthOff, mentionsToken, switchValue, upperSnake } from '../../src/analysis/auth/names.js';
import { switchWhenUnset } from '../../src/analysis/auth/switches.js';
import { msStyleSeconds, unitOfName, DAY } from '../../src/analysis/auth/durations.js';
import { isLoginRoute, isOpenByDesign, privilegedWord } from '../../src/analysis/auth/route-kinds.js';

describe('auth names', () => {
  it('normalises and classifies auth switches', () => {
    expect(upperSnake('authEnabled')).toBe('AUTH_ENABLED');
    expect(authSwitchSense('auth_enabled')).toBe('enable');
    expect(authSwitchSense('API_AUTH_ENABLED')).toBe('enable');
    expect(authSwitchSense('DISABLE_AUTH')).toBe('disable');
    expect(authSwitchSense('skipAuth')).toBe('disable');
    expect(authSwitchSense('AUTHOR_NAME')).toBeUndefined();
    expect(authSwitchSense('OAUTH_ENABLED')).toBeUndefined();
  });

  it('reads switch values and which way they leave auth', () => {
    expect(switchValue('False')).toBe(false);
    expect(switchValue('1')).toBe(true);
    expect(switchValue('maybe')).toBeUndefined();
    expect(leavesAuthOff('enable', false)).toBe(true);
    expect(leavesAuthOff('disable', true)).toBe(true);
    // X == "true" is false when unset; X != "false" is true when unset.
    expect(switchWhenUnset(true, true)).toBe(false);
    expect(switchWhenUnset(false, false)).toBe(true);
  });

  it('tells stores, blacklists and guards apart', () => {
    expect(isAuthStoreName('users_db')).toBe(true);
    expect(isAuthStoreName('API_KEYS')).toBe(true);
    expect(isAuthStoreName('user_cache')).toBe(false);
    expect(isAuthStoreName('login_attempts')).toBe(false);
    expect(isAuthStoreName('token_blacklist')).toBe(false);
    expect(isRevocationName('revokedTokens')).toBe(true);
    expect(isRevocationName('deny_list')).toBe(true);
    expect(mentionsToken('blacklist')).toBe(false);
    expect(isAuthGuardName('login_required')).toBe(true);
    expect(isAuthGuardName('get_current_agent')).toBe(true);
    expect(isAuthGuardName('ThrottlerGuard')).toBe(false);
    expect(isLimitGuardName('limiter.limit')).toBe(true);
    expect(isLimitGuardName('loginLimiter')).toBe(true);
  });
});

describe('route kinds', () => {
  it('finds login routes but not refresh/logout', () => {
    expect(isLoginRoute('/api/auth/login')).toBe(true);
    expect(isLoginRoute('/token')).toBe(true);
    expect(isLoginRoute('/accounts/login/', 'views.login_view')).toBe(true);
    expect(isLoginRoute('/api/auth/refresh')).toBe(false);
    expect(isLoginRoute('/auth/logout')).toBe(false);
    expect(isLoginRoute('/api/tokens/verify', 'verify_token')).toBe(false);
  });

  it('knows open and privileged routes', () => {
    expect(isOpenByDesign('/api/login')).toBe(true);
    expect(isOpenByDesign('/webhooks/stripe')).toBe(true);
    expect(isOpenByDesign('/api/orders')).toBe(false);
    expect(privilegedWord('/api/sessions/{name}/takeover')).toBe('takeover');
    expect(privilegedWord('/admin/users')).toBe('admin');
    expect(privilegedWord('/x', 'delete_account')).toBe('delete');
    expect(privilegedWord('/api/chat')).toBeUndefined();
  });
});

describe('durations', () => {
  it('reads jsonwebtoken lifetimes and unit-named settings', () => {
    expect(msStyleSeconds('30d')).toBe(30 * DAY);
    expect(msStyleSeconds('15m')).toBe(900);
    expect(msStyleSeconds(3600)).toBe(3600);
    expect(msStyleSeconds('60000')).toBe(60);
    expect(msStyleSeconds('soon')).toBeUndefined();
    expect(unitOfName('ACCESS_TOKEN_EXPIRE_MINUTES')).toBe(60);
    expect(unitOfName('JWT_TTL')).toBeUndefined();
  });
});

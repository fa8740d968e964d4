import type { Node } from '@babel/types';
import type { PyNode } from '../../parsers/python.js';
import { walk as jsWalk } from '../js/ast.js';
import { memberPath } from '../js/names.js';
import { dottedName, walk } from '../python/ast.js';
import { isAuthGuardName, isLimitGuardName } from './names.js';
import { Memo } from '../memo.js';

/** What a handler checks by itself, inside its body. */
export interface HandlerChecks {
  /** It authenticates or authorises the caller (calls a verifier, reads the user, answers 401/403). */
  auth: boolean;
  /** It counts attempts, locks out or throttles (429, `failed_attempts`, `limiter.consume`). */
  throttle: boolean;
}

const AUTH_REF = /(?:^|\.)(?:is_authenticated|isAuthenticated|current_user|currentUser|HTTP_401_UNAUTHORIZED|HTTP_403_FORBIDDEN|PermissionDenied|NotAuthenticated|AuthenticationFailed|UnauthorizedException|ForbiddenException|UnauthorizedError|has_perm|has_permission|getServerSession|getSession)$|^(?:req|request|ctx\.state|ctx\.request|c)\.(?:user|auth|session\.user)$/;
const THROTTLE_WORD = /attempt|lockout|locked_?until|lock_?until|failed_?login|login_?fail|fail(?:ed|ure)?_?count|too_?many|brute|captcha|backoff/i;
const THROTTLE_REF = /(?:^|\.)(?:HTTP_429_TOO_MANY_REQUESTS|TooManyRequests\w*|RateLimitExceeded|consume)$/;

/** Issuing a token is what login does, not a check of the caller. */
const ISSUES_TOKEN = /(?:^|\.)(?:encode|sign|signAsync|(?:create|issue|generate|make|new|mint|build|get)_?\w*(?:token|jwt)\w*)$/i;

function codeOf(n: number): 'auth' | 'throttle' | undefined {
  return n === 401 || n === 403 ? 'auth' : n === 429 ? 'throttle' : undefined;
}

/**
 * Handlers are judged by several rules (and hooks by several helpers): the answer is kept per
 * node, which every rule shares for a file. Callers only read it.
 */
const pyCache = new Memo<PyNode, HandlerChecks>();
const jsCache = new Memo<Node, HandlerChecks>();

export function pyHandlerChecks(fn: PyNode | undefined): HandlerChecks {
  if (!fn) return { auth: false, throttle: false };
  let out = pyCache.get(fn);
  if (!out) {
    out = computePy(fn);
    pyCache.set(fn, out);
  }
  return out;
}

export function jsHandlerChecks(fn: Node | undefined): HandlerChecks {
  if (!fn) return { auth: false, throttle: false };
  let out = jsCache.get(fn);
  if (!out) {
    out = computeJs(fn);
    jsCache.set(fn, out);
  }
  return out;
}

function computePy(fn: PyNode): HandlerChecks {
  const out: HandlerChecks = { auth: false, throttle: false };
  const body = fn.childForFieldName('body') ?? fn;
  walk(body, (n) => {
    if (n.type === 'integer') {
      const kind = codeOf(Number(n.text));
      if (kind) out[kind] = true;
    } else if (n.type === 'call') {
      const name = dottedName(n.childForFieldName('function'));
      if (name && isAuthGuardName(name) && !ISSUES_TOKEN.test(name)) out.auth = true;
      if (name && (isLimitGuardName(name) || THROTTLE_REF.test(name))) out.throttle = true;
    } else if (n.type === 'attribute' || n.type === 'identifier') {
      const name = n.type === 'identifier' ? n.text : dottedName(n);
      if (name) {
        if (AUTH_REF.test(name)) out.auth = true;
        if (THROTTLE_WORD.test(name) || THROTTLE_REF.test(name)) out.throttle = true;
      }
    }
    return undefined;
  });
  return out;
}

function computeJs(fn: Node): HandlerChecks {
  const out: HandlerChecks = { auth: false, throttle: false };
  jsWalk(fn, (n) => {
    if (n.type === 'NumericLiteral') {
      const kind = codeOf(n.value);
      if (kind) out[kind] = true;
    } else if (n.type === 'CallExpression') {
      const name = memberPath(n.callee);
      if (name && isAuthGuardName(name) && !ISSUES_TOKEN.test(name)) out.auth = true;
      if (name && (isLimitGuardName(name) || THROTTLE_REF.test(name))) out.throttle = true;
    } else if (n.type === 'MemberExpression' || n.type === 'Identifier') {
      const name = memberPath(n);
      if (name) {
        if (AUTH_REF.test(name)) out.auth = true;
        if (THROTTLE_WORD.test(name) || THROTTLE_REF.test(name)) out.throttle = true;
      }
    }
    return undefined;
  });
  return out;
}

/** What a route is for, from its path and handler name: login, open by design, admin-like. */

function segmentsOf(path: string, handlerName?: string): string[] {
  const parts = path
    .toLowerCase()
    .split(/[/{}<>:?*.()[\]$^]+/)
    .filter(Boolean);
  const handler = handlerName ? handlerName.slice(handlerName.lastIndexOf('.') + 1) : '';
  return handler ? [...parts, handler.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()] : parts;
}

const LOGIN_SEGMENT = /^(?:login|log[-_]?in|signin|sign[-_]in|token|access[-_]token|authenticate|auth|session|sessions|jwt|oauth[-_]?token)$/;
const LOGIN_HANDLER = /^(?:login|log_?in|signin|sign_in|authenticate|login_for_access_token|token|obtain_token|create_token|issue_token|get_token|login_user|user_login|do_login|handle_login|create_session|api_login|admin_login)$/;
const NOT_LOGIN = /refresh|logout|log[-_]out|signout|sign[-_]out|verify|revoke|validate|introspect|me$|register|signup|callback|reset|forgot|password/;

/** A login/token endpoint: a credential check that brute force aims at. */
export function isLoginRoute(path: string, handlerName?: string): boolean {
  const segs = segmentsOf(path);
  const last = segs[segs.length - 1] ?? '';
  const handler = handlerName ? segmentsOf('', handlerName)[0] ?? '' : '';
  if (NOT_LOGIN.test(last) || NOT_LOGIN.test(handler)) return false;
  if (LOGIN_SEGMENT.test(last)) return last !== 'auth' && last !== 'session' && last !== 'sessions' ? true : handler === '' || LOGIN_HANDLER.test(handler);
  return LOGIN_HANDLER.test(handler);
}

const OPEN_WORD =
  /^(?:login|log[-_]?in|logout|log[-_]?out|signin|sign[-_]?in|signout|sign[-_]?out|signup|sign[-_]?up|register|registration|token|refresh|oauth|oauth2|callback|sso|saml|health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness|ping|status|metrics|webhook|webhooks|hook|hooks|forgot[-_]?password|reset[-_]?password|password[-_]?reset|verify[-_]?email|confirm|public|csrf|captcha|otp|magic[-_]?link|stripe|github|slack|telegram|wechat|feedback|contact|subscribe|unsubscribe)$/;

/** Login, registration, health, webhooks…: meant to be reachable without a session. */
export function isOpenByDesign(path: string, handlerName?: string): boolean {
  const segs = segmentsOf(path, handlerName);
  return segs.some((s) => OPEN_WORD.test(s) || /(?:^|_)(?:login|logout|register|signup|signin|webhook|health|password)(?:_|$)/.test(s));
}

const ADMIN_WORD = /^(?:admin|admins|administrator|superuser|sudo|delete|remove|destroy|purge|wipe|drop|truncate|transfer|takeover|take[-_]over|impersonate|grant|revoke|role|roles|promote|demote|ban|unban|suspend|reset|release|escalate|approve|refund|payout|withdraw|export|import|shutdown|restart|config|settings|permissions?)$/;

/** A privileged action by its name: admin, delete, transfer, takeover, grant, role… */
export function privilegedWord(path: string, handlerName?: string): string | undefined {
  for (const seg of segmentsOf(path, handlerName)) {
    for (const w of seg.split(/[-_]/)) if (ADMIN_WORD.test(w)) return w;
    if (ADMIN_WORD.test(seg)) return seg;
  }
  return undefined;
}

export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

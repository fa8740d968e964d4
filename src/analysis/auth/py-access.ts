import type { PyNode } from '../../parsers/python.js';
import { decoratorsOf, dottedName, lineOf, walk } from '../python/ast.js';
import { callInfo, lastSegment } from '../python/calls.js';
import { absoluteModule, moduleNameOf, qualify, type ImportMap } from '../python/imports.js';
import { literalValue, stringValue } from '../python/values.js';
import { dependencyTargets } from '../python/routes.js';
import { classViewMethods } from './drf-views.js';
import { pyHandlerChecks } from './handler-checks.js';
import { isAuthGuardName, isLimitGuardName } from './names.js';
import type { ParsedFile } from '../../engine/types.js';
import { pyImportsOf } from '../facts.js';
import { Memo } from '../memo.js';
import { qualifiedLast, writtenLast } from './py-callee.js';

/**
 * Protection that Python apps declare outside the route decorator: router- and app-level
 * dependencies, middleware and `before_request` hooks, Django settings, DRF permission classes
 * and view decorators. Plain data, merged over every module.
 */
export interface PyAccessFacts {
  /** An app-wide auth dependency, middleware or hook (FastAPI/Starlette/Flask). */
  appAuth: { file: string; line: number }[];
  /** Router/blueprint keys (`app.api.users.router`) whose every route is guarded. */
  guardedOwners: Set<string>;
  /** Django: `DEFAULT_PERMISSION_CLASSES` requiring a user, or a login-required middleware. */
  djangoGlobalAuth: boolean;
  /** Django: axes (lockout) installed. */
  djangoLockout: boolean;
  /** Function and class views with their auth/limit decorators, by name. */
  views: Map<string, { auth: boolean; limit: boolean; open: boolean; methods?: string[] }>;
}

export function emptyPyAccess(): PyAccessFacts {
  return { appAuth: [], guardedOwners: new Set(), djangoGlobalAuth: false, djangoLockout: false, views: new Map() };
}

const APP_FACTORIES = /^(?:fastapi\.FastAPI|starlette\.applications\.Starlette|flask\.Flask|quart\.Quart)$/;
const ROUTER_FACTORIES = /^(?:fastapi\.APIRouter|fastapi\.routing\.APIRouter|flask\.Blueprint|quart\.Blueprint)$/;
const ALLOW_ANY = /AllowAny|csrf_exempt|public/i;

/** Whether a `dependencies=[Depends(x)]` list holds an auth dependency. */
function listHasAuth(list: PyNode | undefined, imports: ImportMap): boolean {
  return dependencyTargets(list, imports).some((target) => isAuthGuardName(target) && !isLimitGuardName(target));
}

/**
 * auth/no-authentication, auth/unprotected-route and auth/no-login-throttle all read the same
 * module's access facts: computed once per model (shared between rules) and merged.
 */
const cache = new Memo<object, PyAccessFacts>();

/** A module's protection facts, added to `into`. */
export function collectPyAccess(file: ParsedFile<'python'>, into: PyAccessFacts): void {
  let facts = cache.get(file.model);
  if (!facts) {
    facts = emptyPyAccess();
    pyAccess(file.model.root, pyImportsOf(file), file.path, file.text, facts);
    cache.set(file.model, facts);
  }
  for (const a of facts.appAuth) into.appAuth.push(a);
  for (const g of facts.guardedOwners) into.guardedOwners.add(g);
  if (facts.djangoGlobalAuth) into.djangoGlobalAuth = true;
  if (facts.djangoLockout) into.djangoLockout = true;
  for (const [name, view] of facts.views) into.views.set(name, view);
}

const DJANGO_SETTINGS = new Set(['MIDDLEWARE', 'INSTALLED_APPS', 'AUTHENTICATION_BACKENDS', 'REST_FRAMEWORK']);
const DJANGO_SETTING_TEXT = /MIDDLEWARE|INSTALLED_APPS|AUTHENTICATION_BACKENDS|REST_FRAMEWORK/;
/** Decorator names that make a function an app or router hook. */
const HOOK_TEXT = /middleware|before_request|before_app_request/;
const REGISTRATION_TEXT = /include_router|add_middleware/;
/** Last segments of APP_FACTORIES and ROUTER_FACTORIES. */
const FACTORY_NAMES = new Set(['FastAPI', 'Starlette', 'Flask', 'Quart', 'APIRouter', 'Blueprint']);

function pyAccess(root: PyNode, imports: ImportMap, file: string, text: string, into: PyAccessFacts): void {
  const apps = new Set<string>();
  // `deps = [Depends(get_current_user)] if AUTH_ENABLED else []` … `dependencies=deps`
  const moduleValues = new Map<string, PyNode>();
  // Read only by depsAuth, which finds nothing where no `dependencies=` is written.
  if (text.includes('dependencies')) for (const statement of root.namedChildren) {
    const a = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
    const right = a?.childForFieldName('right');
    if (left?.type === 'identifier' && right) moduleValues.set(left.text, right);
  }
  const depsAuth = (list: PyNode | undefined, imports: ImportMap) =>
    listHasAuth(list?.type === 'identifier' ? moduleValues.get(list.text) ?? list : list, imports);
  // Sound skips: each branch below records something only for names the text must spell
  // (Python identifiers have no escapes): factory calls matter for `dependencies=` or a hook's
  // owner, registrations for `include_router`/`add_middleware`, settings for their own names.
  const hooks = HOOK_TEXT.test(text);
  const factories = hooks || text.includes('dependencies');
  const registrations = REGISTRATION_TEXT.test(text);
  const settings = DJANGO_SETTING_TEXT.test(text);
  walk(root, (node) => {
    const type = node.type;
    if (type === 'assignment') {
      if (!factories && !settings) return undefined;
      const left = node.childForFieldName('left');
      if (left?.type !== 'identifier') return undefined;
      const right = node.childForFieldName('right');
      if (factories && right?.type === 'call' && FACTORY_NAMES.has(qualifiedLast(right, imports) ?? '')) {
        const call = callInfo(right, imports);
        const name = call.name ?? '';
        if (APP_FACTORIES.test(name)) apps.add(left.text);
        if ((APP_FACTORIES.test(name) || ROUTER_FACTORIES.test(name)) && depsAuth(call.kwargs.get('dependencies'), imports)) {
          if (APP_FACTORIES.test(name)) into.appAuth.push({ file, line: lineOf(node) });
          else into.guardedOwners.add(`${moduleNameOf(file)}.${left.text}`);
        }
      }
      if (settings) djangoSetting(left.text, right);
      return undefined;
    }
    if (type === 'call') {
      if (!registrations) return undefined;
      const method = writtenLast(node);
      if (method !== 'include_router' && method !== 'add_middleware') return undefined;
      const call = callInfo(node, imports);
      // A callee that is no dotted name (`make_app().include_router`) is written as nothing.
      if (lastSegment(call.written) !== method) return undefined;
      if (method === 'include_router' && depsAuth(call.kwargs.get('dependencies'), imports)) {
        const child = dottedName(call.args[0]);
        if (child) {
          const q = qualify(child, imports) ?? child;
          into.guardedOwners.add(q.startsWith('.') ? absoluteModule(q, file) : q.includes('.') ? q : `${moduleNameOf(file)}.${q}`);
        }
      }
      if (method === 'add_middleware' && call.args[0]) {
        const cls = dottedName(call.args[0]) ?? '';
        if (isAuthGuardName(cls) && !isLimitGuardName(cls) && !/^(?:.*\.)?(?:SessionMiddleware|AuthenticationMiddleware)$/.test(qualify(cls, imports) ?? cls)) into.appAuth.push({ file, line: lineOf(node) });
      }
      return undefined;
    }
    if (type === 'function_definition') hooksAndViews(node);
    else if (type === 'class_definition') classView(node);
    return undefined;
  });

  function hooksAndViews(fn: PyNode) {
    // Without decorators a function is neither a hook nor a view with anything to record.
    if (fn.parent?.type !== 'decorated_definition') return;
    const decorators = decoratorsOf(fn);
    const names = decorators.map((d) => dottedName(d.type === 'call' ? d.childForFieldName('function') : d) ?? '');
    const fnName = fn.childForFieldName('name')?.text ?? '';
    for (let i = 0; i < decorators.length; i++) {
      const name = names[i];
      const method = lastSegment(name);
      const owner = name.slice(0, -(method?.length ?? 0) - 1);
      const isMiddleware = method === 'middleware' || method === 'before_request' || method === 'before_app_request';
      if (!isMiddleware || !owner) continue;
      const checks = pyHandlerChecks(fn);
      if (!isAuthGuardName(fnName) && !checks.auth) continue;
      if (isLimitGuardName(fnName)) continue;
      if (apps.has(owner) || method === 'before_app_request' || (method === 'middleware' && /app$/i.test(owner))) into.appAuth.push({ file, line: lineOf(fn) });
      else into.guardedOwners.add(`${moduleNameOf(file)}.${owner}`);
    }
    let auth = names.some((n) => isAuthGuardName(n) && !isLimitGuardName(n));
    const limit = names.some((n) => isLimitGuardName(n));
    // DRF function views: `@api_view(["DELETE"])`, `@permission_classes([AllowAny])`.
    let open = names.some((n) => ALLOW_ANY.test(n));
    let methods: string[] | undefined;
    decorators.forEach((d, i) => {
      const last = lastSegment(names[i]);
      const first = d.type === 'call' ? d.childForFieldName('arguments')?.namedChild(0) : undefined;
      if (last === 'permission_classes' && first && ALLOW_ANY.test(first.text)) {
        open = true;
        auth = names.some((n) => isAuthGuardName(n) && !isLimitGuardName(n) && lastSegment(n) !== 'permission_classes');
      }
      if (last === 'api_view' || last === 'require_http_methods') {
        const listed = literalValue(first ?? undefined);
        methods = Array.isArray(listed) ? listed.map((m) => String(m).toUpperCase()) : ['GET'];
      }
      if (last === 'require_POST') methods = ['POST'];
    });
    if (auth || limit || open || methods) into.views.set(fnName, { auth, limit, open, ...(methods ? { methods } : {}) });
  }

  function classView(cls: PyNode) {
    const name = cls.childForFieldName('name')?.text ?? '';
    const bases = cls.childForFieldName('superclasses')?.namedChildren.map((b) => dottedName(b) ?? '') ?? [];
    let auth = bases.some((b) => /LoginRequired|PermissionRequired|UserPassesTest|AccessMixin/.test(b));
    let open = false;
    let limit = false;
    for (const d of decoratorsOf(cls)) {
      if (isAuthGuardName(d.text) && !isLimitGuardName(d.text)) auth = true;
      if (isLimitGuardName(d.text)) limit = true;
    }
    for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
      const a = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
      if (a?.type !== 'assignment') continue;
      const key = a.childForFieldName('left')?.text;
      const value = a.childForFieldName('right')?.text ?? '';
      if (key === 'permission_classes' || key === 'authentication_classes') {
        if (ALLOW_ANY.test(value) || /^\[\s*\]$|^\(\s*\)$/.test(value)) open = true;
        else if (key === 'permission_classes') auth = true;
      }
      if (key === 'throttle_classes' || key === 'throttle_scope') limit = true;
    }
    // `get_permissions()` picks permissions per action: the view decides, not the class list.
    const perAction = (cls.childForFieldName('body')?.namedChildren ?? []).some((s) => s?.type === 'function_definition' && s.childForFieldName('name')?.text === 'get_permissions');
    if (perAction) {
      auth = true;
      open = false;
    }
    const methods = classViewMethods(cls);
    if (auth || open || limit || methods) into.views.set(name, { auth, limit, open, ...(methods ? { methods } : {}) });
  }

  function djangoSetting(name: string, value: PyNode | null) {
    // Only these settings are read below: the strings of any other value are not collected.
    if (!value || !DJANGO_SETTINGS.has(name)) return;
    const strings: string[] = [];
    walk(value, (n) => {
      const s = n.type === 'string' ? stringValue(n) : undefined;
      if (s !== undefined) strings.push(s);
      return undefined;
    });
    if (name === 'MIDDLEWARE' && strings.some((s) => /LoginRequiredMiddleware|(?:Jwt|Token|Require\w*Auth|ApiKey)\w*Middleware$/.test(s))) into.djangoGlobalAuth = true;
    if ((name === 'MIDDLEWARE' || name === 'INSTALLED_APPS' || name === 'AUTHENTICATION_BACKENDS') && strings.some((s) => /^axes(?:\.|$)/.test(s))) into.djangoLockout = true;
    if (name === 'REST_FRAMEWORK') {
      const lit = literalValue(value);
      const perms = lit && typeof lit === 'object' && !Array.isArray(lit) ? (lit as Record<string, unknown>).DEFAULT_PERMISSION_CLASSES : undefined;
      if (Array.isArray(perms) && perms.some((p) => typeof p === 'string' && /IsAuthenticated|IsAdminUser|DjangoModelPermissions(?!OrAnon)/.test(p))) into.djangoGlobalAuth = true;
    }
  }
}

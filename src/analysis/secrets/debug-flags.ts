import type { PyNode } from '../../parsers/python.js';
import { callInfo } from '../python/calls.js';
import { lineOf, underMainGuard, walk } from '../python/ast.js';
import type { ImportMap } from '../python/imports.js';
import { stringValue } from '../python/values.js';

/** A debug switch turned on in Python code. */
export interface PyDebugFlag {
  what: 'django-debug' | 'flask-run' | 'app-debug' | 'fastapi-debug' | 'uvicorn-reload';
  line: number;
  /** Under `if __name__ == "__main__":` (only when the file is run as a script). */
  mainGuarded: boolean;
}

const TRUTHY = /^(?:true|1|yes|on)$/i;

function isTrue(node: PyNode | null | undefined): boolean {
  return node?.type === 'true';
}

/** `DEBUG = True` (or `DEBUG = os.getenv("DEBUG", "True") …` with a truthy default) at module level. */
function debugAssignment(node: PyNode): boolean {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type !== 'identifier' || left.text !== 'DEBUG' || !right) return false;
  if (isTrue(right)) return true;
  // `os.getenv("DEBUG", "True") == "True"`, `os.environ.get("DEBUG", "1")`: on unless configured off.
  let found = false;
  walk(right, (n) => {
    if (n.type !== 'call' || !/(?:getenv|environ\.get|config|env\.bool)$/.test(n.childForFieldName('function')?.text ?? '')) return;
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    const fallback = args[1]?.type === 'keyword_argument' ? args[1].childForFieldName('value') : args[1];
    if (isTrue(fallback) || TRUTHY.test(stringValue(fallback) ?? '')) found = true;
  });
  return found;
}

export function pyDebugFlags(root: PyNode, imports: ImportMap, isSettingsFile: boolean): PyDebugFlag[] {
  const out: PyDebugFlag[] = [];
  walk(root, (node) => {
    if (node.type === 'assignment') {
      if (isSettingsFile && node.parent?.parent?.type === 'module' && debugAssignment(node)) {
        out.push({ what: 'django-debug', line: lineOf(node), mainGuarded: false });
      }
      const left = node.childForFieldName('left');
      if (left?.type === 'attribute' && left.childForFieldName('attribute')?.text === 'debug' && isTrue(node.childForFieldName('right'))) {
        out.push({ what: 'app-debug', line: lineOf(node), mainGuarded: underMainGuard(node) });
      }
      return;
    }
    if (node.type !== 'call') return;
    const call = callInfo(node, imports);
    const name = call.name ?? '';
    if (/^(?:fastapi\.FastAPI|starlette\.applications\.Starlette)$/.test(name) && isTrue(call.kwargs.get('debug'))) {
      out.push({ what: 'fastapi-debug', line: lineOf(node), mainGuarded: false });
    } else if (name === 'uvicorn.run' && isTrue(call.kwargs.get('reload'))) {
      out.push({ what: 'uvicorn-reload', line: lineOf(node), mainGuarded: underMainGuard(node) });
    } else if (/\.run$/.test(call.written ?? '') && name !== 'uvicorn.run' && isTrue(call.kwargs.get('debug')) && importsFlaskLike(imports)) {
      out.push({ what: 'flask-run', line: lineOf(node), mainGuarded: underMainGuard(node) });
    }
  });
  return out;
}

function importsFlaskLike(imports: ImportMap): boolean {
  for (const target of imports.values()) if (/^(?:flask|quart|sanic)(?:\.|$)/.test(target)) return true;
  return false;
}

/** Env keys that switch a server into debug/development mode, with the values that do it. */
export function debugEnvSetting(key: string, value: string): boolean {
  const v = value.trim();
  if (/^(?:DEBUG|APP_DEBUG|DJANGO_DEBUG|FLASK_DEBUG|FASTAPI_DEBUG)$/i.test(key)) return TRUTHY.test(v);
  if (/^(?:FLASK_ENV|NODE_ENV)$/i.test(key)) return /^(?:development|dev)$/i.test(v);
  return false;
}

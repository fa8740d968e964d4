import type { PyNode } from '../../parsers/python.js';
import { walk } from './ast.js';
import { stringValue } from './values.js';

const MODULE_SETTINGS = new Set(['INSTALLED_APPS', 'MIDDLEWARE', 'MIDDLEWARE_CLASSES']);
const DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/**
 * Modules a Django project loads by name rather than by `import`: module-level `INSTALLED_APPS`
 * and `MIDDLEWARE` entries and `include("pkg.urls")` targets (`django_prometheus`, `corsheaders`).
 */
export function djangoStringImports(root: PyNode): string[] {
  const found: string[] = [];
  const add = (n: PyNode | null | undefined) => {
    const s = n?.type === 'string' ? stringValue(n) : undefined;
    if (s !== undefined && DOTTED.test(s)) found.push(s);
  };
  for (const statement of root.namedChildren) {
    const a = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    if (a?.type !== 'assignment' && a?.type !== 'augmented_assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (!right || left?.type !== 'identifier') continue;
    const setting = MODULE_SETTINGS.has(left.text);
    walk(right, (n) => {
      if (setting) add(n);
      else if (n.type === 'call' && /(?:^|\.)include$/.test(n.childForFieldName('function')?.text ?? '')) add(n.childForFieldName('arguments')?.namedChild(0));
      return undefined;
    });
  }
  return found;
}

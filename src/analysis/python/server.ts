import type { ImportMap } from './imports.js';

/** Top-level packages whose import makes a module part of a web service. */
export const PY_WEB_FRAMEWORKS = [
  'fastapi',
  'starlette',
  'flask',
  'django',
  'rest_framework',
  'aiohttp',
  'sanic',
  'quart',
  'tornado',
  'falcon',
  'bottle',
  'litestar',
  'uvicorn',
  'gunicorn',
];

/** The web framework a module imports, if any. */
export function webFrameworkOf(imports: ImportMap): string | undefined {
  for (const target of imports.values()) {
    const top = target.split('.')[0];
    if (PY_WEB_FRAMEWORKS.includes(top)) return top;
  }
  return undefined;
}

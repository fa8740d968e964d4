/** Shared Python facts over tree-sitter-python: imports, calls, literals, routes. */
export * from './ast.js';
export * from './calls.js';
export * from './imports.js';
export * from './routes.js';
export * from './server.js';
export * from './values.js';

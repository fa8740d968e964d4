/** Shared JS/TS facts over babel ASTs: walking, imports, names, static values, routes. */
export * from './ast.js';
export * from './imports.js';
export * from './names.js';
export * from './routes.js';
export * from './server.js';
export * from './values.js';

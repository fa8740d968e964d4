import type { ParsedFile } from '../../engine/types.js';
import { jsImportsOf } from '../facts.js';
import { columnOf, importsFrom, lastSegment, lineOf, memberPath, walk } from '../js/index.js';

const SHUTDOWN_LIBS = /^(?:@godaddy\/terminus|lightship|http-terminator|stoppable|close-with-grace|fastify-graceful-shutdown|@moebius\/http-graceful-shutdown|http-graceful-shutdown|graceful-shutdown-express|@hapi\/hapi)$/;
const SERVER_NAME = /^(?:app|server|httpServer|httpsServer|fastify|instance|api|application)$|(?:App|Server)$/;

const METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'enableShutdownHooks', 'close', 'listen']);

export interface ShutdownFacts {
  /** The first `app.listen(…)` / `server.listen(…)` / `http.createServer(…).listen(…)`. */
  listen?: { line: number; column: number };
  /** SIGTERM/SIGINT handlers, `server.close()`, `enableShutdownHooks()`, terminus/lightship/http-terminator/stoppable. */
  handlesShutdown: boolean;
}

export function jsShutdownFacts(file: ParsedFile<'js'>): ShutdownFacts {
  const imports = jsImportsOf(file);
  const facts: ShutdownFacts = { handlesShutdown: importsFrom(imports, SHUTDOWN_LIBS) };
  walk(file.model.ast, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
    // Every test below needs the method to be one of these; it is the property as written (or its
    // last dotted segment for a string key), so nothing is built for other calls.
    const property = node.callee.property;
    const written = property.type === 'Identifier' ? property.name : property.type === 'StringLiteral' ? lastSegment(property.value) : undefined;
    if (written === undefined || !METHODS.has(written)) return undefined;
    const callee = memberPath(node.callee);
    const method = callee ? lastSegment(callee) : node.callee.property.type === 'Identifier' ? node.callee.property.name : undefined;
    const object = node.callee.object;
    const ownerName = lastSegment(memberPath(object)) ?? '';
    const event = node.arguments[0]?.type === 'StringLiteral' ? node.arguments[0].value : '';
    if (/^process\.(?:on|once|addListener|prependListener)$/.test(callee ?? '') && /^SIG(?:TERM|INT)$/.test(event)) facts.handlesShutdown = true;
    if (method === 'enableShutdownHooks') facts.handlesShutdown = true;
    if (method === 'close' && SERVER_NAME.test(ownerName)) facts.handlesShutdown = true;
    if (method === 'listen' && !facts.listen) {
      const createsServer = object.type === 'CallExpression' && /^(?:createServer|listen)$/.test(lastSegment(memberPath(object.callee)) ?? '');
      if (createsServer || SERVER_NAME.test(ownerName)) facts.listen = { line: lineOf(node), column: columnOf(node) };
    }
    return undefined;
  });
  return facts;
}

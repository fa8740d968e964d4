import type { ParsedFile } from '../../engine/types.js';
import type { PyNode, PythonModel } from '../../parsers/python.js';
import { pyImportsOf } from '../facts.js';
import { dottedName, enclosingClass, enclosingFunction, lineOf, walk } from './ast.js';
import { calleeNameOf, calleeOf } from './calls.js';
import { qualify } from './imports.js';
import { webFrameworkOf } from './server.js';
import { Memo } from '../memo.js';

/** Calls that start serving by themselves (or build the server object that then serves). */
const SERVE_CALLS = /^(?:uvicorn\.run|hypercorn\.(?:asyncio|trio)\.serve|waitress\.serve|bjoern\.run|aiohttp\.web\.(?:run_app|TCPSite)|werkzeug\.(?:serving\.)?run_simple|asyncio\.start_server|websockets\.(?:server\.)?serve|grpc\.(?:aio\.)?server|gevent\.pywsgi\.WSGIServer|wsgiref\.simple_server\.make_server|cheroot\.wsgi\.Server|tornado\.httpserver\.HTTPServer)$/;
/** Application objects whose `run()`/`launch()`/`listen()` starts a server. */
const APP_CONSTRUCTORS = /^(?:flask\.Flask|quart\.Quart|sanic\.Sanic|bottle\.Bottle|dash\.Dash|connexion\.(?:App|FlaskApp|AsyncApp)|flask_socketio\.SocketIO|tornado\.web\.Application|gradio\.(?:Blocks|Interface|ChatInterface|TabbedInterface)|granian\.Granian)$/;
const APP_FACTORY = /(?:^|\.)(?:create_app|make_app|build_app|get_app|create_application)$/;
const START_METHODS = /^(?:run|run_server|launch|listen|serve)$/;
/** Receivers whose `run()` is no server even in a module that imports a web framework. */
const NOT_A_SERVER = /^(?:asyncio|subprocess|trio|anyio|unittest|pytest|doctest|click|typer|fire|celery)(?:\.|$)/;
const GUNICORN_BASE = /^gunicorn\.app\.(?:base\.(?:BaseApplication|Application)|wsgiapp\.WSGIApplication)$/;

/**
 * Sound prefilter: every start above is a call whose resolved name ends in a segment containing
 * run, serve (`WSGIServer`, `start_server`, `serve_forever`), launch, listen or TCPSite, and that
 * segment is spelled in the module, at the call or in the import it resolves through.
 */
const START_WORDS = /run|serve|launch|listen|tcpsite/i;
function mayStartServing(text: string): boolean {
  return START_WORDS.test(text);
}

export interface PyServerStart {
  line: number;
  /** The call that starts serving, as written: `uvicorn.run`, `app.run`. */
  call: string;
}

const cache = new Memo<PythonModel, PyServerStart | null>();

/**
 * Whether running this module as a program (`python -m pkg.mod`, `python mod.py`) starts a
 * server: a serving call (`uvicorn.run`, `web.run_app`, `serve_forever`, `app.run()` on a
 * Flask/Sanic/gradio app or on any app of a module that imports a web framework, a gunicorn
 * `BaseApplication(...).run()`) in module-level code, the
 * `__main__` guard, or the module functions they call.
 */
export function pyServerStart(file: ParsedFile<'python'>): PyServerStart | undefined {
  const cached = cache.get(file.model);
  if (cached !== undefined) return cached ?? undefined;
  if (!mayStartServing(file.text)) {
    cache.set(file.model, null);
    return undefined;
  }
  const imports = pyImportsOf(file);
  const framework = webFrameworkOf(imports);
  const functions = new Map<string, PyNode>();
  const apps = new Set<string>();
  const gunicornApps = new Set<string>();
  const bind = (name: string | undefined, value: PyNode | null | undefined) => {
    if (!name || value?.type !== 'call') return;
    const called = calleeNameOf(value, imports) ?? '';
    if (APP_CONSTRUCTORS.test(called) || APP_FACTORY.test(called) || gunicornApps.has(called)) apps.add(name);
  };
  walk(file.model.root, (node) => {
    if (node.type === 'function_definition' && !enclosingFunction(node) && !enclosingClass(node)) functions.set(node.childForFieldName('name')?.text ?? '', node);
    if (node.type === 'class_definition') {
      const bases = node.childForFieldName('superclasses')?.namedChildren ?? [];
      if (bases.some((b) => b && GUNICORN_BASE.test(qualify(dottedName(b), imports) ?? ''))) gunicornApps.add(node.childForFieldName('name')?.text ?? '');
    }
    if (node.type === 'assignment') bind(dottedName(node.childForFieldName('left')), node.childForFieldName('right'));
    if (node.type === 'as_pattern') bind(dottedName(node.childForFieldName('alias')?.namedChild(0) ?? node.childForFieldName('alias')), node.namedChild(0));
    return undefined;
  });

  // Code that runs when the module is the program: module level (the main guard included), then
  // the module functions it calls.
  const entry: PyNode[] = file.model.root.namedChildren.filter((n): n is PyNode => !!n && n.type !== 'function_definition' && n.type !== 'class_definition' && n.type !== 'decorated_definition');
  const seen = new Set<number>();
  let found: PyServerStart | undefined;
  while (entry.length && !found) {
    const scope = entry.shift()!;
    walk(scope, (n) => {
      if (found) return false;
      if (n !== scope && (n.type === 'function_definition' || n.type === 'class_definition')) return false;
      if (n.type !== 'call') return undefined;
      const call = calleeOf(n, imports);
      const written = call.written ?? '';
      const dot = written.lastIndexOf('.');
      const receiver = dot > 0 ? written.slice(0, dot) : '';
      const method = written.slice(dot + 1);
      const receiverCall = n.childForFieldName('function')?.childForFieldName('object');
      const startsApp =
        START_METHODS.test(method) &&
        (apps.has(receiver) || (receiverCall?.type === 'call' && (APP_CONSTRUCTORS.test(calleeNameOf(receiverCall, imports) ?? '') || gunicornApps.has(calleeNameOf(receiverCall, imports) ?? ''))));
      // A module that imports a web framework and calls `app.run()` on an app built elsewhere.
      const runsFrameworkApp = !!framework && /^(?:run|run_server)$/.test(method) && /^\w+$/.test(receiver) && !NOT_A_SERVER.test(qualify(receiver, imports) ?? receiver);
      if (SERVE_CALLS.test(call.name ?? '') || method === 'serve_forever' || startsApp || runsFrameworkApp) {
        found = { line: lineOf(n), call: written };
        return false;
      }
      const local = functions.get(written);
      if (local && !seen.has(local.id)) {
        seen.add(local.id);
        entry.push(local);
      }
      return undefined;
    });
  }
  cache.set(file.model, found ?? null);
  return found;
}

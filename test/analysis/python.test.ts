import { describe, expect, it } from 'vitest';
import { parsePython } from '../../src/parsers/python.js';
import { RouteGraph } from '../../src/analysis/route-graph.js';
import { callInfo, collectImports, descendantsOfType, extractRoutes, ownerKey, stringValue } from '../../src/analysis/python/index.js';

async function withTree<T>(source: string, fn: (root: Parameters<typeof collectImports>[0]) => T): Promise<T> {
  const parsed = await parsePython(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return fn(parsed.value.root);
}

describe('python imports and calls', () => {
  it('resolves aliases of modules and names', async () => {
    const names = await withTree(
      'import pickle as pk\nfrom pickle import loads as _l\nimport os.path\nfrom .utils import helper\npk.loads(b)\n_l(b)\nos.path.join("a")\nhelper()\n',
      (root) => {
        const imports = collectImports(root);
        return descendantsOfType(root, 'call').map((c) => callInfo(c, imports).name);
      },
    );
    expect(names).toEqual(['pickle.loads', 'pickle.loads', 'os.path.join', '.utils.helper']);
  });

  it('reads string literals, not f-strings', async () => {
    const values = await withTree('a = "x" "y"\nb = f"q{c}"\nd = \'it\\\'s\'\n', (root) =>
      descendantsOfType(root, 'assignment').map((a) => stringValue(a.childForFieldName('right'))),
    );
    expect(values).toEqual(['xy', undefined, "it's"]);
  });
});

describe('python routes', () => {
  it('follows FastAPI routers and prefixes across modules', async () => {
    const chat = await withTree(
      'from fastapi import APIRouter, Depends\nrouter = APIRouter(prefix="/chat")\n\n@router.post("/stream", dependencies=[Depends(verify)])\nasync def stream(user=Depends(current_user)):\n    ...\n',
      (root) => extractRoutes(root, collectImports(root), 'apis/chat.py'),
    );
    const main = await withTree(
      'from fastapi import FastAPI\nfrom apis.chat import router as chat_router\napp = FastAPI()\napp.include_router(chat_router, prefix="/api")\n@app.get("/health")\ndef health():\n    return {}\n',
      (root) => extractRoutes(root, collectImports(root), 'main.py'),
    );
    expect(chat.routes).toMatchObject([{ methods: ['POST'], path: '/stream', owner: 'router', line: 4, handlerName: 'stream' }]);
    expect(chat.routes[0].guards).toEqual(['verify', 'current_user']);
    expect(main.mounts).toEqual([{ parent: 'app', child: 'apis.chat.router', prefix: '/api', line: 4 }]);
    const graph = new RouteGraph({
      routers: [
        ...chat.routers.map((r) => ({ key: ownerKey('apis/chat.py', r.name), prefix: r.prefix })),
        ...main.routers.map((r) => ({ key: ownerKey('main.py', r.name), prefix: r.prefix })),
      ],
      mounts: main.mounts.map((m) => ({ parent: ownerKey('main.py', m.parent), child: m.child, prefix: m.prefix })),
    });
    expect(graph.fullPaths(ownerKey('apis/chat.py', 'router'), '/stream')).toEqual(['/api/chat/stream']);
    expect(graph.fullPaths(ownerKey('main.py', 'app'), '/health')).toEqual(['/health']);
  });

  it('reads Flask blueprints, aiohttp registrations and Django urlpatterns', async () => {
    const flask = await withTree(
      'from flask import Blueprint\nbp = Blueprint("admin", __name__, url_prefix="/admin")\n@bp.route("/users", methods=["GET", "POST"])\n@login_required\ndef users():\n    pass\n',
      (root) => extractRoutes(root, collectImports(root), 'app/admin.py'),
    );
    expect(flask.routers[0]).toMatchObject({ name: 'bp', prefix: '/admin', framework: 'flask' });
    expect(flask.routes[0]).toMatchObject({ methods: ['GET', 'POST'], path: '/users', guards: ['login_required'] });
    const aio = await withTree('from aiohttp import web\napp = web.Application()\napp.router.add_get("/ws", handler)\n', (root) =>
      extractRoutes(root, collectImports(root), 'server.py'),
    );
    expect(aio.routes[0]).toMatchObject({ framework: 'aiohttp', methods: ['GET'], path: '/ws', owner: 'app', handlerName: 'handler' });
    const django = await withTree(
      'from django.urls import path, include\nfrom . import views\nurlpatterns = [path("api/", include("chat.urls")), path("healthz/", views.health)]\n',
      (root) => extractRoutes(root, collectImports(root), 'site/urls.py'),
    );
    expect(django.mounts[0]).toMatchObject({ child: 'chat.urls', prefix: '/api/' });
    expect(django.routes[0]).toMatchObject({ framework: 'django', path: '/healthz/', handlerName: 'views.health' });
  });
});

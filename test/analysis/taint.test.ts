import { parse } from '@babel/parser';
import type { Node } from '@babel/types';
import { describe, expect, it } from 'vitest';
import { pySymOf, pyModuleTable } from '../../src/analysis/consts/python.js';
import { REFLECT_VALUE, SymResolver, UNKNOWN_VALUE } from '../../src/analysis/consts/sym.js';
import { isFunction, walk as jsWalk } from '../../src/analysis/js/ast.js';
import { collectImports, descendantsOfType } from '../../src/analysis/python/index.js';
import { jsTaint } from '../../src/analysis/taint/js.js';
import { pyTaint } from '../../src/analysis/taint/python.js';
import { jsBuiltString, pyBuiltString } from '../../src/analysis/taint/strings.js';
import { parsePython } from '../../src/parsers/python.js';
import type { PyNode } from '../../src/parsers/python.js';

async function withTree<T>(source: string, fn: (root: PyNode) => T): Promise<T> {
  const parsed = await parsePython(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return fn(parsed.value.root);
}

/** The source each `sink(...)` argument carries, in order. */
async function pySinks(source: string, handler = true): Promise<(string | undefined)[]> {
  return withTree(source, (root) => {
    const imports = collectImports(root);
    const fn = descendantsOfType(root, 'function_definition')[0];
    const taint = pyTaint(fn, imports, { handler });
    return descendantsOfType(root, 'call')
      .filter((c) => c.childForFieldName('function')?.text === 'sink')
      .map((c) => taint.sourceOf(c.childForFieldName('arguments')?.namedChild(0)));
  });
}

describe('python taint', () => {
  it('follows request data through two assignments', async () => {
    const sources = await pySinks(
      'async def h(request: Request, n: int, db=Depends(get_db)):\n  data = await request.json()\n  blob = data["x"]\n  sink(blob)\n  sink(n)\n  sink(db)\n  sink("request.json")\n',
    );
    expect(sources).toEqual(['request.json()', undefined, undefined, undefined]);
  });

  it('knows Flask, Django, caches, queues and sockets', async () => {
    const sources = await pySinks(
      'from flask import request as rq\ndef h(req, slug):\n  sink(rq.args["q"])\n  sink(req.POST)\n  sink(self.redis.get(k))\n  sink(message.value)\n  sink(conn.recv(10))\n  sink(slug)\n  sink(open("x").read())\n',
    );
    expect(sources).toEqual(['rq.args', 'req.POST', 'self.redis.get()', 'message.value', 'conn.recv()', 'slug', undefined]);
  });

  it('treats parameters of plain helpers as unknown, not untrusted', async () => {
    expect(await pySinks('def helper(value):\n  sink(value)\n', false)).toEqual([undefined]);
  });
});

describe('python constants across modules', () => {
  it('resolves settings instances, factories, env defaults and conditions', async () => {
    const config = await withTree(
      'import os\nclass Settings(BaseSettings):\n  ORIGINS: list[str] = Field(default=["*"])\n  DEBUG: bool = False\ndef get_settings():\n  return Settings()\nsettings = get_settings()\nHOSTS = os.getenv("HOSTS", "a.example.com,*").split(",")\nif DEBUG:\n  MODE = "dev"\n',
      (root) => pyModuleTable(root, collectImports(root), 'app/config.py'),
    );
    const main = await withTree('from app.config import settings, HOSTS\nx = ["*"] if settings.DEBUG else settings.ORIGINS\n', (root) => {
      const imports = collectImports(root);
      const right = descendantsOfType(root, 'assignment')[0].childForFieldName('right');
      return { table: pyModuleTable(root, imports, 'main.py'), x: pySymOf(right, imports, 'main.py'), hosts: pySymOf(descendantsOfType(root, 'identifier').find((n) => n.text === 'HOSTS'), imports, 'main.py') };
    });
    const resolver = new SymResolver(new Map([...config, ...main.table]));
    expect(resolver.outcomes(main.x).map((o) => [o.value, o.conds])).toEqual([
      [['*'], ['settings.DEBUG']],
      [['*'], ['not settings.DEBUG']],
    ]);
    expect(resolver.outcomes(main.hosts)).toEqual([{ value: ['a.example.com', '*'], conds: [], envDefault: 'HOSTS' }]);
    expect(resolver.outcomes({ k: 'ref', name: 'app.config.MODE' })[0]).toMatchObject({ value: 'dev', conds: ['DEBUG'] });
    expect(resolver.outcomes({ k: 'ref', name: 'app.config.NOPE' })[0].value).toBe(UNKNOWN_VALUE);
  });
});

describe('python built strings', () => {
  it('sees f-strings, %, .format and + through one local', async () => {
    const parts = await withTree(
      'def f(x):\n  q = "SELECT * FROM t WHERE a = %s" % x\n  run(q)\n  run(f"SELECT {x}")\n  run("SELECT {}".format(x))\n  run("SELECT " + x)\n  run("SELECT 1")\n',
      (root) => descendantsOfType(root, 'call').filter((c) => c.childForFieldName('function')?.text === 'run').map((c) => pyBuiltString(c.childForFieldName('arguments')?.namedChild(0))?.parts.map((p) => p.text)),
    );
    expect(parts).toEqual([['x'], ['x'], ['x'], ['x'], undefined]);
  });
});

function jsFunctions(source: string): { ast: Node; fns: Node[] } {
  const ast = parse(source, { sourceType: 'module', plugins: ['typescript', 'decorators-legacy'] }) as unknown as Node;
  const fns: Node[] = [];
  jsWalk(ast, (n) => {
    if (isFunction(n)) fns.push(n);
  });
  return { ast, fns };
}

describe('js taint', () => {
  it('follows destructured bodies and Nest parameter decorators', () => {
    const { fns } = jsFunctions(
      "app.post('/x', async (req, res) => { const { cmd } = req.body; const q = await req.json(); sink(cmd); sink(q); sink(res.locals.user); });\nclass C { run(@Body('expr') expr: string, other: string) { sink(expr); sink(other); } }",
    );
    const calls = (fn: Node) => {
      const out: Node[] = [];
      jsWalk(fn, (n) => {
        if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'sink') out.push(n.arguments[0] as Node);
      });
      return out;
    };
    const express = jsTaint(fns[0] as never, { handler: true });
    expect(calls(fns[0]).map((a) => express.sourceOf(a))).toEqual(['req.body', 'req.json()', undefined]);
    const nest = jsTaint(fns[1] as never);
    expect(calls(fns[1]).map((a) => nest.sourceOf(a))).toEqual(["@Body() expr", undefined]);
  });

  it('builds strings from templates and concatenation, not tagged templates', () => {
    const { ast } = jsFunctions('q(`SELECT ${id}`); q("SELECT " + id); q(sql`SELECT ${id}`); q(`SELECT 1`);');
    const args: Node[] = [];
    jsWalk(ast, (n) => {
      if (n.type === 'CallExpression') args.push(n.arguments[0] as Node);
    });
    expect(args.map((a) => jsBuiltString(a, undefined, new Map())?.parts.length)).toEqual([1, 1, undefined, undefined]);
  });
});

describe('symbolic values', () => {
  it('reports reflect markers and list outcomes', () => {
    const resolver = new SymResolver(new Map());
    expect(resolver.outcomes({ k: 'list', items: [{ k: 'reflect', text: 'x' }, { k: 'lit', v: 'a' }] })[0].value).toEqual([REFLECT_VALUE, 'a']);
  });
});

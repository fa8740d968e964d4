import { Parser } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { parsePython, pythonParser } from '../../src/parsers/python.js';
import type { PyNode } from '../../src/parsers/python.js';

/** Every node of the copy, next to what tree-sitter itself answers for the same node. */
async function compare(source: string): Promise<void> {
  const parsed = await parsePython(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const parser: Parser = await pythonParser();
  const tree = parser.parse(source)!;
  try {
    const pairs: [PyNode, import('web-tree-sitter').Node][] = [[parsed.value.root, tree.rootNode]];
    while (pairs.length) {
      const [mine, theirs] = pairs.pop()!;
      expect({ type: mine.type, named: mine.isNamed, text: mine.text, start: mine.startPosition, end: mine.endPosition, error: mine.hasError, missing: mine.isMissing }).toEqual({
        type: theirs.type,
        named: theirs.isNamed,
        text: theirs.text,
        start: theirs.startPosition,
        end: theirs.endPosition,
        error: theirs.hasError,
        missing: theirs.isMissing,
      });
      expect(mine.childCount).toBe(theirs.childCount);
      for (const field of ['name', 'body', 'function', 'arguments', 'left', 'right', 'value', 'key', 'object', 'attribute']) {
        expect(mine.childForFieldName(field)?.startIndex ?? null).toBe(theirs.childForFieldName(field)?.startIndex ?? null);
      }
      for (let i = 0; i < mine.childCount; i++) {
        expect(mine.child(i)!.parent).toBe(mine);
        pairs.push([mine.child(i)!, theirs.child(i)!]);
      }
    }
  } finally {
    tree.delete();
  }
}

describe('the plain copy of a Python tree', () => {
  it('answers like tree-sitter for types, text, positions and fields', async () => {
    await compare('import os\nfrom a.b import c as d\n\n@app.get("/x/{id}")\nasync def f(id: int, q=None):\n    """doc"""\n    return {"k": [1, 2], **q} if id else os.environ.get("X", "y")\n');
  });

  it('counts columns in UTF-16 code units and rows by newline, through CRLF and astral characters', async () => {
    await compare('s = "héllo 😀 wörld"\r\nt = f"{s!r:>10}" + \'ü\'\r\nclass K(B, metaclass=M):\n    x: int = 1\n');
  });

  it('marks recovered errors and missing nodes the way tree-sitter does', async () => {
    await compare('def f(:\n    return (1, \nx = [1, 2\nprint("ok")\n');
  });

  it('walks in pre-order from any node, skipping exactly the children of a node refused', async () => {
    const parsed = await parsePython('class K:\n    def f(self, a):\n        return [x for x in a if x]\n\ndef g():\n    pass\n');
    if (!parsed.ok) throw new Error(parsed.error.message);
    // The oracle: a plain recursive descent over `children`.
    const descend = (node: PyNode, refuse: (n: PyNode) => boolean, out: PyNode[]) => {
      out.push(node);
      if (!refuse(node)) for (const child of node.children) descend(child, refuse, out);
      return out;
    };
    const walked = (from: PyNode, refuse: (n: PyNode) => boolean) => {
      const out: PyNode[] = [];
      from.walk((n) => (out.push(n), !refuse(n)));
      return out;
    };
    const root = parsed.value.root;
    const method = root.namedChild(0)!.childForFieldName('body')!.namedChild(0)!;
    for (const refuse of [() => false, (n: PyNode) => n.type === 'function_definition', (n: PyNode) => n.type === 'list_comprehension']) {
      expect(walked(root, refuse).map((n) => n.id)).toEqual(descend(root, refuse, []).map((n) => n.id));
      expect(walked(method, refuse).map((n) => n.id)).toEqual(descend(method, refuse, []).map((n) => n.id));
    }
    expect(walked(method, () => false).length).toBeGreaterThan(10);
    expect(walked(method, () => false).at(-1)!.endIndex).toBeLessThanOrEqual(method.endIndex);
  });
});

import type { PyNode } from '../../parsers/python.js';
import { columnOf, decoratorsOf, dottedName, lineOf, walk } from '../python/ast.js';
import { lastSegment } from '../python/calls.js';
import { literalValue, stringValue } from '../python/values.js';
import type { RequestModel, TextField } from './text-fields.js';

/** Pydantic request models of one module, as plain data (`isModel` is settled across files). */
export interface PyModelClass extends RequestModel {
  /** `model_config = ConfigDict(str_max_length=…)` or `class Config: max_anystr_length = …`. */
  configBound: boolean;
}

const MODEL_ROOTS = new Set(['BaseModel', 'SQLModel', 'RootModel']);
/** Typing words that are not model names. */
const TYPING = new Set(['Optional', 'Union', 'List', 'list', 'Dict', 'dict', 'Sequence', 'Set', 'set', 'Tuple', 'tuple', 'Annotated', 'Literal', 'Any', 'None', 'str', 'int', 'float', 'bool', 'bytes']);
/** `FastAPI` parameters that are not the request body. */
const NOT_BODY = /^(?:Depends|Security|Query|Path|Header|Cookie|File|Form|UploadFile)$/;
const LIMIT_KWARGS = new Set(['max_length', 'max_anystr_length', 'str_max_length']);
const LIMIT_CALLS = /^(?:MaxLen|Len)$/;

/** Keyword arguments of a call node, by name. */
function kwargs(call: PyNode): Map<string, PyNode> {
  const out = new Map<string, PyNode>();
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a?.type !== 'keyword_argument') continue;
    const name = a.childForFieldName('name')?.text;
    const value = a.childForFieldName('value');
    if (name && value) out.set(name, value);
  }
  return out;
}

function callName(node: PyNode | null | undefined): string {
  return node?.type === 'call' ? lastSegment(dottedName(node.childForFieldName('function'))) ?? '' : '';
}

/** A call that sets a length limit: `Field(max_length=…)`, `constr(max_length=…)`, `StringConstraints(…)`, `MaxLen(…)`. */
function limits(call: PyNode | null | undefined): boolean {
  if (call?.type !== 'call') return false;
  if (LIMIT_CALLS.test(callName(call))) return true;
  return [...kwargs(call).keys()].some((k) => LIMIT_KWARGS.has(k));
}

/** Head and arguments of `X[a, b]` in either grammar shape (generic_type or subscript). */
function generic(node: PyNode): { head: string; args: PyNode[] } | undefined {
  if (node.type === 'generic_type') {
    const head = node.namedChild(0);
    const params = node.namedChildren.find((c) => c?.type === 'type_parameter');
    return { head: lastSegment(dottedName(head) ?? head?.text) ?? '', args: (params?.namedChildren ?? []).filter((c): c is PyNode => !!c) };
  }
  if (node.type === 'subscript') {
    const head = node.childForFieldName('value');
    const args = node.childrenForFieldName('subscript').filter((c): c is PyNode => !!c);
    return { head: lastSegment(dottedName(head)) ?? '', args };
  }
  return undefined;
}

function unwrap(node: PyNode): PyNode {
  return node.type === 'type' && node.namedChild(0) ? unwrap(node.namedChild(0)!) : node;
}

/** Whether an annotation is one string (`str`, `Optional[str]`, `str | None`, `Annotated[str, …]`, `constr()`), and limited. */
function scalarString(annotation: PyNode): { text: boolean; bounded: boolean } {
  const no = { text: false, bounded: false };
  const node = unwrap(annotation);
  if (node.type === 'identifier' || node.type === 'attribute') return { text: lastSegment(dottedName(node)) === 'str', bounded: false };
  if (node.type === 'call') return callName(node) === 'constr' ? { text: true, bounded: limits(node) } : no;
  if (node.type === 'binary_operator') {
    const parts = [node.childForFieldName('left'), node.childForFieldName('right')].filter((p): p is PyNode => !!p && p.type !== 'none');
    return parts.length === 1 ? scalarString(parts[0]) : no;
  }
  const g = generic(node);
  if (!g) return no;
  if (g.head === 'Optional' && g.args[0]) return scalarString(g.args[0]);
  if (g.head === 'Union') {
    const parts = g.args.filter((a) => unwrap(a).type !== 'none' && unwrap(a).text !== 'None');
    return parts.length === 1 ? scalarString(parts[0]) : no;
  }
  if (g.head === 'Annotated' && g.args[0]) {
    const inner = scalarString(g.args[0]);
    return { text: inner.text, bounded: inner.bounded || g.args.slice(1).some((m) => limits(unwrap(m))) };
  }
  return no;
}

/** Class names an annotation mentions (`List[Message]`, `Optional[Attachment]`). */
function referencedNames(annotation: PyNode): string[] {
  const out = new Set<string>();
  walk(annotation, (n) => {
    if (n.type === 'identifier' && !TYPING.has(n.text) && /^[A-Z]/.test(n.text)) out.add(n.text);
    return undefined;
  });
  return [...out];
}

function configBound(body: PyNode): boolean {
  let bound = false;
  for (const s of body.namedChildren) {
    const a = s?.type === 'expression_statement' ? s.namedChild(0) : undefined;
    if (a?.type === 'assignment' && a.childForFieldName('left')?.text === 'model_config') {
      const right = a.childForFieldName('right');
      if (limits(right)) bound = true;
      const lit = literalValue(right);
      if (lit && typeof lit === 'object' && !Array.isArray(lit) && 'str_max_length' in lit) bound = true;
    }
    if (s?.type === 'class_definition' && s.childForFieldName('name')?.text === 'Config') {
      walk(s, (n) => {
        if (n.type === 'assignment' && LIMIT_KWARGS.has(n.childForFieldName('left')?.text ?? '')) bound = true;
        return undefined;
      });
    }
  }
  return bound;
}

/** A non-empty string default, written directly or as `Field("x")` / `Field(default="x")`. */
function presetDefault(right: PyNode | null | undefined): boolean {
  if (!right) return false;
  if (right.type === 'string') return !!stringValue(right);
  if (callName(right) !== 'Field') return false;
  const first = right.childForFieldName('arguments')?.namedChildren[0];
  const value = first?.type === 'string' ? first : kwargs(right).get('default');
  return value?.type === 'string' && !!stringValue(value);
}

/** Field names that have a validator of their own (`@field_validator("message")`, `@validator("*")`). */
function validatedFields(body: PyNode): Set<string> {
  const out = new Set<string>();
  for (const s of body.namedChildren) {
    const fn = s?.type === 'decorated_definition' ? s.childForFieldName('definition') : undefined;
    if (fn?.type !== 'function_definition') continue;
    for (const d of decoratorsOf(fn)) {
      if (!/^(?:field_validator|validator)$/.test(callName(d))) continue;
      for (const a of d.childForFieldName('arguments')?.namedChildren ?? []) {
        const v = stringValue(a);
        if (v !== undefined) out.add(v);
      }
    }
  }
  return out;
}

export function pyModelClasses(root: PyNode, file: string): PyModelClass[] {
  const out: PyModelClass[] = [];
  walk(root, (node) => {
    if (node.type !== 'class_definition') return undefined;
    const name = node.childForFieldName('name')?.text ?? '';
    const body = node.childForFieldName('body');
    const bases = (node.childForFieldName('superclasses')?.namedChildren ?? [])
      .filter((b): b is PyNode => !!b && b.type !== 'keyword_argument')
      .map((b) => lastSegment(dottedName(b) ?? dottedName(generic(b)?.args[0]) ?? '') ?? '')
      .filter(Boolean);
    if (!body || !bases.length) return undefined;
    const validated = validatedFields(body);
    const texts: TextField[] = [];
    const refs = new Set<string>();
    for (const s of body.namedChildren) {
      const a = s?.type === 'expression_statement' ? s.namedChild(0) : undefined;
      const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
      const type = a?.childForFieldName('type');
      if (!a || left?.type !== 'identifier' || !type || left.text === 'model_config') continue;
      for (const r of referencedNames(type)) refs.add(r);
      const str = scalarString(type);
      if (!str.text) continue;
      const right = a.childForFieldName('right');
      // `agent: str = "screenwriter"`: a setting with a default value, not text the user writes.
      if (presetDefault(right)) continue;
      const bounded = str.bounded || limits(right) || validated.has(left.text) || validated.has('*');
      texts.push({ name: left.text, line: lineOf(left), column: columnOf(left), bounded });
    }
    out.push({ file, name, line: lineOf(node), bases, texts, refs: [...refs], configBound: configBound(body) });
    return undefined;
  });
  return out;
}

/** Names of the classes a FastAPI handler takes as its body (parameters that are not Depends/Query/…). */
export function pyBodyNames(handler: PyNode | undefined): string[] {
  const out = new Set<string>();
  for (const p of handler?.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p?.type !== 'typed_parameter' && p?.type !== 'typed_default_parameter') continue;
    const type = p.childForFieldName('type');
    if (!type) continue;
    if (NOT_BODY.test(callName(p.childForFieldName('value')))) continue;
    const g = generic(unwrap(type));
    if (g?.head === 'Annotated' && g.args.slice(1).some((m) => NOT_BODY.test(callName(unwrap(m))))) continue;
    for (const r of referencedNames(type)) out.add(r);
  }
  return [...out];
}

/** Class names that are pydantic models: their base chain reaches `BaseModel` (across modules, by name). */
export function pydanticNames(classes: readonly PyModelClass[]): Set<string> {
  const models = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of classes) {
      if (models.has(c.name)) continue;
      if (c.bases.some((b) => MODEL_ROOTS.has(b) || models.has(b))) {
        models.add(c.name);
        grew = true;
      }
    }
  }
  return models;
}

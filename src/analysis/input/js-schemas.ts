import type { Node } from '@babel/types';
import { columnOf, lineOf, walk } from '../js/ast.js';
import type { JsImports } from '../js/imports.js';
import { lastSegment, memberPath, resolveName } from '../js/names.js';
import type { RequestModel, TextField } from './text-fields.js';

/**
 * Request schemas of one JS/TS module: class-validator DTO classes, zod `z.object` schemas, and
 * the names that request handlers validate bodies with (`@Body() dto: CreateDto`,
 * `Schema.parse(req.body)`, `zValidator('json', Schema)`). Inline zod objects used on a body are
 * models of their own, named by place.
 */
export interface JsSchemaFacts {
  models: RequestModel[];
  bodyNames: string[];
}

/** class-validator decorators that limit a string or pin it to a format. */
const DTO_BOUNDED = /^(?:MaxLength|Length|IsUUID|IsEmail|IsUrl|IsIn|IsEnum|IsDateString|IsISO8601|IsMongoId|IsPhoneNumber|IsHexColor|IsJWT|Matches|IsAlpha|IsAlphanumeric|IsNumberString|IsBase64|IsIP|IsPostalCode|IsCurrency|IsLocale|IsTimeZone)$/;
/** zod string methods that limit length or pin a format. */
const ZOD_BOUNDED = /^(?:max|length|uuid|email|url|cuid|cuid2|ulid|datetime|date|time|ip|cidr|regex|nanoid|base64|base64url|jwt|emoji|duration)$/;
const BODY_READ = /^(?:req|request|ctx\.request|ctx\.req|event|c\.req)\.body$|^(?:req|request|c\.req|ctx\.req)\.(?:json|formData|valid)$/;
const PARSE = /^(?:parse|safeParse|parseAsync|safeParseAsync)$/;

function decoratorNames(node: { decorators?: { expression: Node }[] | null }): string[] {
  return (node.decorators ?? []).map((d) => lastSegment(memberPath(d.expression.type === 'CallExpression' ? d.expression.callee : d.expression)) ?? '');
}

/** Type names in a TS annotation: `CreateItemDto`, `ItemDto[]`, `Array<ItemDto>`. */
function typeNames(annotation: Node | null | undefined): string[] {
  const out: string[] = [];
  if (!annotation) return out;
  walk(annotation, (n) => {
    if (n.type === 'TSTypeReference' && n.typeName.type === 'Identifier' && /^[A-Z]/.test(n.typeName.name) && n.typeName.name !== 'Array') out.push(n.typeName.name);
  });
  return out;
}

function isStringType(annotation: Node | null | undefined): boolean {
  const t = annotation?.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  return t?.type === 'TSStringKeyword';
}

function dtoClass(node: Extract<Node, { type: 'ClassDeclaration' }>, file: string): RequestModel | undefined {
  const texts: TextField[] = [];
  const refs = new Set<string>();
  let validated = false;
  for (const member of node.body.body) {
    if (member.type !== 'ClassProperty' || member.key.type !== 'Identifier') continue;
    const names = decoratorNames(member);
    if (!names.length) continue;
    validated = true;
    for (const r of typeNames(member.typeAnnotation)) refs.add(r);
    // `@Type(() => ItemDto)` names the nested class.
    for (const d of member.decorators ?? []) {
      if (d.expression.type === 'CallExpression' && lastSegment(memberPath(d.expression.callee)) === 'Type') {
        const fn = d.expression.arguments[0];
        const body = fn?.type === 'ArrowFunctionExpression' ? fn.body : undefined;
        const name = memberPath(body);
        if (name) refs.add(name);
      }
    }
    if (!names.includes('IsString') && !isStringType(member.typeAnnotation)) continue;
    if (names.includes('IsArray') || names.some((n) => /^(?:IsInt|IsNumber|IsBoolean|IsObject|ValidateNested)$/.test(n))) continue;
    texts.push({ name: member.key.name, line: lineOf(member.key), column: columnOf(member.key), bounded: names.some((n) => DTO_BOUNDED.test(n)) });
  }
  if (!validated || !node.id) return undefined;
  const base = memberPath(node.superClass);
  return { file, name: node.id.name, line: lineOf(node), bases: base ? [base] : [], texts, refs: [...refs] };
}

/** `z.string().min(1).max(2000)` → { root: 'string', methods: ['min', 'max'] }. */
function zodChain(node: Node | null | undefined, imports: JsImports): { root: string; methods: string[] } | undefined {
  const methods: string[] = [];
  let n = node;
  while (n && n.type === 'CallExpression') {
    const written = memberPath(n.callee);
    const resolved = resolveName(written, imports) ?? '';
    const root = /^zod\.(?:z\.)?(?:coerce\.)?(\w+)$/.exec(resolved);
    if (root) return { root: root[1], methods };
    if (n.callee.type !== 'MemberExpression' || n.callee.property.type !== 'Identifier') return undefined;
    methods.push(n.callee.property.name);
    n = n.callee.object;
  }
  return undefined;
}

/** The `z.object({…})` call at the root of a chain (`z.object({…}).strict()`). */
function zodObject(node: Node | null | undefined, imports: JsImports): Extract<Node, { type: 'ObjectExpression' }> | undefined {
  let n = node;
  while (n && n.type === 'CallExpression') {
    // `Schema.parse(req.body)` is a use of the schema, not a schema.
    if (n.callee.type === 'MemberExpression' && n.callee.property.type === 'Identifier' && PARSE.test(n.callee.property.name)) return undefined;
    if (/^zod\.(?:z\.)?object$/.test(resolveName(memberPath(n.callee), imports) ?? '')) {
      const shape = n.arguments[0];
      return shape?.type === 'ObjectExpression' ? shape : undefined;
    }
    n = n.callee.type === 'MemberExpression' ? n.callee.object : undefined;
  }
  return undefined;
}

function zodModel(name: string, shape: Extract<Node, { type: 'ObjectExpression' }>, file: string, line: number, imports: JsImports): RequestModel {
  const texts: TextField[] = [];
  const refs = new Set<string>();
  for (const p of shape.properties) {
    if (p.type !== 'ObjectProperty') continue;
    const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'StringLiteral' ? p.key.value : undefined;
    if (!key) continue;
    walk(p.value, (n) => {
      if (n.type === 'Identifier' && !imports.has(n.name)) refs.add(n.name);
    });
    const chain = zodChain(p.value, imports);
    if (chain?.root !== 'string') continue;
    // `.default('gpt-4o')`: a setting with a preset value, not text the user writes.
    if (chain.methods.includes('default')) continue;
    texts.push({ name: key, line: lineOf(p), column: columnOf(p), bounded: chain.methods.some((m) => ZOD_BOUNDED.test(m)) });
  }
  return { file, name, line, bases: [], texts, refs: [...refs] };
}

/** Whether an expression reads the request body (`req.body`, `await req.json()`, `ctx.request.body.x`). */
function readsBody(node: Node | null | undefined): boolean {
  let found = false;
  if (!node) return false;
  walk(node, (n) => {
    if (found) return false;
    const path = n.type === 'MemberExpression' ? memberPath(n) : n.type === 'CallExpression' ? memberPath(n.callee) : undefined;
    if (path && BODY_READ.test(path)) found = true;
    return undefined;
  });
  return found;
}

export function jsSchemaFacts(ast: Node, imports: JsImports, file: string): JsSchemaFacts {
  const facts: JsSchemaFacts = { models: [], bodyNames: [] };
  const usesClassValidator = [...imports.values()].some((b) => b.source === 'class-validator');
  walk(ast, (node) => {
    if (node.type === 'ClassDeclaration' && usesClassValidator) {
      const model = dtoClass(node, file);
      if (model) facts.models.push(model);
    }
    // Nest: `create(@Body() dto: CreateItemDto)`
    if (node.type === 'ClassMethod') {
      for (const param of node.params) {
        const target = param.type === 'TSParameterProperty' ? param.parameter : param;
        if (!('decorators' in param) || !decoratorNames(param as { decorators?: { expression: Node }[] }).includes('Body')) continue;
        const annotation = 'typeAnnotation' in target ? (target.typeAnnotation as Node | null) : null;
        facts.bodyNames.push(...typeNames(annotation));
      }
    }
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      const shape = zodObject(node.init, imports);
      if (shape) facts.models.push(zodModel(node.id.name, shape, file, lineOf(node), imports));
    }
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier') {
      const method = node.callee.property.name;
      if (PARSE.test(method) && readsBody(node.arguments[0] as Node | undefined)) {
        const schema = node.callee.object;
        const shape = zodObject(schema, imports);
        if (shape) {
          const name = `${file}:${lineOf(schema)}`;
          facts.models.push(zodModel(name, shape, file, lineOf(schema), imports));
          facts.bodyNames.push(name);
        } else {
          const name = memberPath(schema);
          if (name) facts.bodyNames.push(lastSegment(name) ?? name);
        }
      }
    }
    // Hono: `zValidator('json', Schema)`
    if (node.type === 'CallExpression' && lastSegment(memberPath(node.callee)) === 'zValidator') {
      const schema = node.arguments[1] as Node | undefined;
      const target = node.arguments[0];
      if (target?.type === 'StringLiteral' && /^(?:json|form)$/.test(target.value)) {
        const shape = zodObject(schema, imports);
        if (shape && schema) {
          const name = `${file}:${lineOf(schema)}`;
          facts.models.push(zodModel(name, shape, file, lineOf(schema), imports));
          facts.bodyNames.push(name);
        } else if (schema) {
          const name = memberPath(schema);
          if (name) facts.bodyNames.push(name);
        }
      }
    }
    return undefined;
  });
  return facts;
}

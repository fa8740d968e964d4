import type { PyNode } from '../../parsers/python.js';
import { decoratorsOf, dottedName } from '../python/ast.js';
import { literalValue } from '../python/values.js';

/**
 * The HTTP methods a Django/DRF class-based view answers, from its bases (ModelViewSet,
 * generics, mixins) and the handlers it defines (`def post`, `def destroy`, `@action(methods=…)`).
 * Undefined when nothing tells (a plain base of the project's own).
 */
const BASE_METHODS: Record<string, string[]> = {
  ModelViewSet: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  ReadOnlyModelViewSet: ['GET'],
  CreateModelMixin: ['POST'],
  ListModelMixin: ['GET'],
  RetrieveModelMixin: ['GET'],
  UpdateModelMixin: ['PUT', 'PATCH'],
  DestroyModelMixin: ['DELETE'],
  CreateAPIView: ['POST'],
  ListAPIView: ['GET'],
  RetrieveAPIView: ['GET'],
  DestroyAPIView: ['DELETE'],
  UpdateAPIView: ['PUT', 'PATCH'],
  ListCreateAPIView: ['GET', 'POST'],
  RetrieveUpdateAPIView: ['GET', 'PUT', 'PATCH'],
  RetrieveDestroyAPIView: ['GET', 'DELETE'],
  RetrieveUpdateDestroyAPIView: ['GET', 'PUT', 'PATCH', 'DELETE'],
  CreateView: ['GET', 'POST'],
  UpdateView: ['GET', 'POST'],
  DeleteView: ['GET', 'POST'],
  FormView: ['GET', 'POST'],
};

const HANDLER_METHODS: Record<string, string[]> = {
  get: ['GET'], post: ['POST'], put: ['PUT'], patch: ['PATCH'], delete: ['DELETE'],
  list: ['GET'], retrieve: ['GET'], create: ['POST'], update: ['PUT'], partial_update: ['PATCH'], destroy: ['DELETE'],
};

export function classViewMethods(cls: PyNode): string[] | undefined {
  const found = new Set<string>();
  let known = false;
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    const name = dottedName(base) ?? '';
    const listed = BASE_METHODS[name.slice(name.lastIndexOf('.') + 1)];
    if (listed) {
      known = true;
      for (const m of listed) found.add(m);
    }
  }
  for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
    const fn = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (fn?.type !== 'function_definition') continue;
    const name = fn.childForFieldName('name')?.text ?? '';
    const own = HANDLER_METHODS[name];
    if (own) {
      known = true;
      for (const m of own) found.add(m);
    }
    for (const d of decoratorsOf(fn)) {
      if (d.type !== 'call' || !/(?:^|\.)action$/.test(dottedName(d.childForFieldName('function')) ?? '')) continue;
      known = true;
      const methods = d.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'methods');
      const listed = literalValue(methods?.childForFieldName('value') ?? undefined);
      for (const m of Array.isArray(listed) ? listed : ['get']) found.add(String(m).toUpperCase());
    }
  }
  return known ? [...found] : undefined;
}

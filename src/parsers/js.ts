import { parse } from '@babel/parser';
import type { File } from '@babel/types';
import { errorMessage, fail, ok, type ParseResult } from './result.js';

export interface JsModel {
  ast: File;
  /** Recoverable syntax errors babel worked around. */
  recovered: number;
}

/** JS/TS/JSX/TSX in one grammar: TypeScript plus JSX, except `.ts` files where `<T>x` casts clash. */
export function parseJs(text: string, path: string): ParseResult<JsModel> {
  const isPlainTs = /\.[cm]?ts$/.test(path);
  try {
    const ast = parse(text, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowUndeclaredExports: true,
      plugins: [
        isPlainTs ? 'typescript' : ['typescript', { dts: false }],
        ...(isPlainTs ? [] : (['jsx'] as const)),
        'decorators-legacy',
        'importAttributes',
        'explicitResourceManagement',
      ] as never,
    });
    return ok({ ast, recovered: ast.errors?.length ?? 0 });
  } catch (error) {
    const loc = (error as { loc?: { line: number } }).loc;
    return fail(errorMessage(error), loc?.line);
  }
}

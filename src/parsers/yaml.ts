import { LineCounter, parseAllDocuments, isNode, type Document, type Node as YamlNode } from 'yaml';
import { errorMessage, fail, ok, type ParseResult } from './result.js';

export interface YamlModel {
  /** Every document of the stream (k8s files hold several). */
  docs: Document.Parsed[];
  /** 1-based line of a node (of its value, where it has one). */
  lineOf(node: unknown): number | undefined;
  /** `doc.toJS()` of the first document, with alias expansion bounded. */
  data: unknown;
}

const MAX_ALIAS_COUNT = 100;

export function parseYaml(text: string): ParseResult<YamlModel> {
  try {
    const lineCounter = new LineCounter();
    // logLevel 'error': the library's warnings (collection keys stringified, …) go to stderr, not to findings.
    const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
    if (!Array.isArray(docs)) return ok(makeModel([], lineCounter)); // an empty stream
    const broken = docs.find((d) => d.errors.length);
    if (broken) {
      const error = broken.errors[0];
      const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
      return fail(error.message.split('\n')[0], line);
    }
    return ok(makeModel(docs, lineCounter));
  } catch (error) {
    return fail(errorMessage(error));
  }
}

function makeModel(docs: Document.Parsed[], lineCounter: LineCounter): YamlModel {
  let data: unknown;
  try {
    data = docs[0]?.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    data = undefined; // an alias bomb: the model keeps the nodes, not the expansion
  }
  return {
    docs,
    data,
    lineOf(node: unknown) {
      if (!isNode(node) && !(node && typeof node === 'object' && 'range' in node)) return undefined;
      const range = (node as YamlNode).range;
      if (!range) return undefined;
      return lineCounter.linePos(range[0]).line;
    },
  };
}

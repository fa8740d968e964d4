import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type Pair } from 'yaml';

/**
 * Reading yaml nodes the way compose does: aliases followed, `<<` merge keys expanded (the
 * parser does not, in YAML 1.2 mode), positions kept so evidence points at the text.
 */
export class YamlReader {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly doc: Document.Parsed,
    text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** Follows an alias to its anchored node. */
  resolve(node: unknown): unknown {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < 20; hops++) current = current.resolve(this.doc);
    return current;
  }

  /** The entries of a mapping by key, merge keys expanded (own keys win). */
  entries(node: unknown): Map<string, Pair<unknown, unknown>> {
    const result = new Map<string, Pair<unknown, unknown>>();
    this.collect(this.resolve(node), result, 0);
    return result;
  }

  private collect(node: unknown, into: Map<string, Pair<unknown, unknown>>, depth: number): void {
    if (!isMap(node) || depth > 10) return;
    const own: [string, Pair<unknown, unknown>][] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = this.scalar(item.key);
      if (key === '<<') {
        const source = this.resolve(item.value);
        const sources = isSeq(source) ? source.items : [source];
        for (const s of sources) {
          const merged = new Map<string, Pair<unknown, unknown>>();
          this.collect(this.resolve(s), merged, depth + 1);
          for (const [k, v] of merged) if (!into.has(k)) into.set(k, v);
        }
      } else if (key !== undefined) own.push([key, item]);
    }
    for (const [k, v] of own) into.set(k, v);
  }

  get(node: unknown, key: string): unknown {
    return this.entries(node).get(key)?.value;
  }

  items(node: unknown): unknown[] {
    const resolved = this.resolve(node);
    return isSeq(resolved) ? resolved.items : [];
  }

  isMap(node: unknown): boolean {
    return isMap(this.resolve(node));
  }

  isSeq(node: unknown): boolean {
    return isSeq(this.resolve(node));
  }

  /** A scalar's value as text (numbers and booleans included); undefined for null and collections. */
  scalar(node: unknown): string | undefined {
    const resolved = this.resolve(node);
    if (!isScalar(resolved)) return undefined;
    const value = resolved.value;
    if (value === null || value === undefined) return undefined;
    return typeof value === 'string' ? value : String(value);
  }

  /** 1-based line and column of a node's start. */
  position(node: unknown): { line: number; column: number } {
    const range = (node as YamlNode | undefined)?.range;
    return this.at(range ? range[0] : 0);
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  /** Where a scalar's text starts, past an opening quote. */
  valuePosition(node: unknown): { line: number; column: number } {
    const resolved = node as YamlNode | undefined;
    const pos = this.position(resolved);
    if (isScalar(resolved) && (resolved.type === 'QUOTE_DOUBLE' || resolved.type === 'QUOTE_SINGLE')) {
      return { line: pos.line, column: pos.column + 1 };
    }
    return pos;
  }
}

/**
 * Request-model facts shared by the input rules, as plain data: classes or schemas, their string
 * fields and whether each has a length limit, and which of them a route takes as its body.
 */
export interface TextField {
  name: string;
  line: number;
  column: number;
  /** A length limit, a format that implies one (uuid, email, enum), or a validator of its own. */
  bounded: boolean;
}

export interface RequestModel {
  file: string;
  name: string;
  line: number;
  /** Classes it extends (last segment of the written name). */
  bases: string[];
  /** Scalar string fields only. */
  texts: TextField[];
  /** Other models its fields refer to (nested request parts). */
  refs: string[];
}

/**
 * Field names that hold identifiers, codes, enumerations or credentials rather than free text:
 * their length matters less and other rules speak of them. `session_name`, `userId`, `email`.
 */
const NOT_FREE_TEXT =
  /(?:^|_)(?:id|ids|uuid|guid|key|slug|code|type|kind|status|state|role|lang|language|locale|model|mode|format|currency|country|timezone|tz|version|sort|order|by|color|colour|method|provider|channel|unit|level|category|name|username|login|email|phone|mobile|url|uri|link|path|host|domain|ip|hash|token|secret|password|passwd|otp|nonce|signature|sig|cursor|date|time|timestamp|datetime|at|gender|voice|ext|extension|mime|mimetype|region|zone|env|environment|tag|label|icon|emoji|sku|ref|isbn|zip|zipcode|postcode)$/;

export function isFreeTextName(name: string): boolean {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return !NOT_FREE_TEXT.test(snake);
}

/**
 * The request models reachable from the names routes take as bodies: the models themselves,
 * the models their fields nest and the classes they extend. Sorted by file and line.
 */
export function requestModels(models: readonly RequestModel[], bodyNames: Iterable<string>): RequestModel[] {
  const byName = new Map<string, RequestModel[]>();
  for (const m of models) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  const reached = new Set<RequestModel>();
  const queue = [...bodyNames];
  while (queue.length) {
    const name = queue.pop()!;
    for (const m of byName.get(name) ?? []) {
      if (reached.has(m)) continue;
      reached.add(m);
      queue.push(...m.refs, ...m.bases);
    }
  }
  return [...reached].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { REPO_ROOT } from '../helpers/scan.js';

/** The official SARIF 2.1.0 schema; CI keeps ../shared beside the clone. */
// ajv-draft-04 is CommonJS: under NodeNext its default import is module.exports, whose `default` is the class.
const Ajv = AjvDraft04.default;
type Ajv = InstanceType<typeof Ajv>;

export const SARIF_SCHEMA_PATH = join(REPO_ROOT, '..', 'shared', 'sarif-schema-2.1.0.json');

let validate: ReturnType<Ajv['compile']> | undefined;

function validator() {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    // Formats too: a `uri` that is not a URI reference is what viewers choke on.
    (addFormatsModule as unknown as (a: Ajv) => Ajv)(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')));
  }
  return validate;
}

/** Fails the test with every schema error when `text` is not a valid SARIF 2.1.0 log. */
export function expectValidSarif(text: string): void {
  const check = validator();
  const ok = check(JSON.parse(text));
  expect(ok ? [] : check.errors?.map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`), 'SARIF schema errors').toEqual([]);
}

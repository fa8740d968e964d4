import type { FileKind } from '../engine/types.js';
import { parseDockerfile } from './dockerfile.js';
import { parseDotenv } from './dotenv.js';
import { parseIgnoreFile } from './ignorefile.js';
import { parseJs } from './js.js';
import { parseJson } from './json.js';
import { parseLockfile } from './lockfile.js';
import type { ModelOf } from './models.js';
import { parseNginx } from './nginx.js';
import { parsePyproject } from './pyproject.js';
import { parsePython } from './python.js';
import { parseRequirements } from './requirements.js';
import type { ParseResult } from './result.js';
import { parseText } from './text.js';
import { parseYaml } from './yaml.js';

export type Parser<K extends FileKind> = (
  text: string,
  path: string,
) => ParseResult<ModelOf<K>> | Promise<ParseResult<ModelOf<K>>>;

/** One parser per kind. The engine calls each at most once per file, only when a rule listens. */
export const PARSERS: { [K in FileKind]: Parser<K> } = {
  js: parseJs,
  python: parsePython,
  dockerfile: parseDockerfile,
  compose: parseYaml,
  yaml: parseYaml,
  nginx: parseNginx,
  dotenv: parseDotenv,
  'package-json': parseJson,
  lockfile: parseLockfile,
  requirements: parseRequirements,
  pyproject: parsePyproject,
  gitignore: parseIgnoreFile,
  dockerignore: parseIgnoreFile,
  text: (text) => parseText(text),
};


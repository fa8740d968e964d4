import type { FileKind } from '../engine/types.js';
import type { DockerfileModel } from './dockerfile.js';
import type { DotenvModel } from './dotenv.js';
import type { IgnoreFileModel } from './ignorefile.js';
import type { JsModel } from './js.js';
import type { JsonModel } from './json.js';
import type { PythonModel } from './python.js';
import type { TextModel } from './text.js';
import type { YamlModel } from './yaml.js';

/** The model each kind's parser produces; what a visitor for that kind receives. */
export interface ModelMap {
  js: JsModel;
  python: PythonModel;
  dockerfile: DockerfileModel;
  compose: YamlModel;
  yaml: YamlModel;
  nginx: TextModel;
  dotenv: DotenvModel;
  'package-json': JsonModel;
  lockfile: TextModel;
  requirements: TextModel;
  pyproject: TextModel;
  gitignore: IgnoreFileModel;
  dockerignore: IgnoreFileModel;
  text: TextModel;
}

export type ModelOf<K extends FileKind> = ModelMap[K];

import type { FileKind } from '../engine/types.js';
import type { DockerfileModel } from './dockerfile.js';
import type { DotenvModel } from './dotenv.js';
import type { IgnoreFileModel } from './ignorefile.js';
import type { JsModel } from './js.js';
import type { JsonModel } from './json.js';
import type { LockfileModel } from './lockfile.js';
import type { NginxModel } from './nginx.js';
import type { PyprojectModel } from './pyproject.js';
import type { RequirementsModel } from './requirements.js';
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
  nginx: NginxModel;
  dotenv: DotenvModel;
  'package-json': JsonModel;
  lockfile: LockfileModel;
  requirements: RequirementsModel;
  pyproject: PyprojectModel;
  gitignore: IgnoreFileModel;
  dockerignore: IgnoreFileModel;
  text: TextModel;
}

export type ModelOf<K extends FileKind> = ModelMap[K];

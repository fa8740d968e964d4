import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { errorMessage, fail, ok, type ParseResult } from './result.js';

/** dockerfile-ast's model. Its positions are 0-based: add 1 for evidence lines. */
export interface DockerfileModel {
  dockerfile: Dockerfile;
}

export function parseDockerfile(text: string): ParseResult<DockerfileModel> {
  try {
    return ok({ dockerfile: DockerfileParser.parse(text) });
  } catch (error) {
    return fail(errorMessage(error));
  }
}

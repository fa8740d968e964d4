import type { From } from 'dockerfile-ast';
import type { DockerfileModel } from '../parsers/dockerfile.js';

export interface StageBase {
  /** The image reference with global ARG defaults expanded. */
  image: string;
  /** `AS name` of the stage this FROM starts. */
  stageName?: string;
  /** The image names an earlier stage (`FROM builder`). */
  isStageRef: boolean;
  /** A variable in the name had no default to expand. */
  unresolved: boolean;
  /** 1-based. */
  line: number;
  column: number;
  from: From;
}

/** ARG defaults declared before the first FROM: the only ones a FROM line can use. */
export function globalArgDefaults(model: DockerfileModel): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const arg of model.dockerfile.getInitialARGs()) {
    for (const property of arg.getProperties()) {
      const value = property.getValue();
      if (value !== null) defaults.set(property.getName(), value);
    }
  }
  return defaults;
}

/** Expands `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR-default}`; reports what stayed unknown. */
export function expandVariables(text: string, vars: ReadonlyMap<string, string>): { value: string; unresolved: boolean } {
  let unresolved = false;
  const value = text.replace(/\$(?:\{(\w+)(?::?-([^}]*))?\}|(\w+))/g, (_whole, braced, fallback, bare) => {
    const name = braced ?? bare;
    const known = vars.get(name);
    if (known !== undefined && known !== '') return known;
    if (fallback !== undefined) return fallback;
    unresolved = true;
    return '';
  });
  return { value, unresolved };
}

/** Every stage's base image, in order. */
export function stageBaseImages(model: DockerfileModel): StageBase[] {
  const vars = globalArgDefaults(model);
  const stages = new Set<string>();
  const result: StageBase[] = [];
  for (const from of model.dockerfile.getFROMs()) {
    const raw = from.getImage() ?? '';
    const { value, unresolved } = expandVariables(raw, vars);
    const range = from.getImageNameRange() ?? from.getRange();
    const stageName = from.getBuildStage() ?? undefined;
    result.push({
      image: value,
      stageName,
      isStageRef: stages.has(value.toLowerCase()),
      unresolved,
      line: range.start.line + 1,
      column: range.start.character + 1,
      from,
    });
    if (stageName) stages.add(stageName.toLowerCase());
  }
  return result;
}

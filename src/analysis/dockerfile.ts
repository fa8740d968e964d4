import type { From, Instruction, JSONInstruction, PropertyInstruction } from 'dockerfile-ast';
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

/** One build stage: its FROM and the instructions up to the next FROM. */
export interface DockerStage {
  index: number;
  name?: string;
  base: StageBase;
  instructions: Instruction[];
  /** The earlier stage this one starts from (`FROM builder`), when it does. */
  parent?: DockerStage;
}

export function dockerStages(model: DockerfileModel): DockerStage[] {
  const bases = stageBaseImages(model);
  const stages: DockerStage[] = bases.map((base, index) => ({ index, name: base.stageName, base, instructions: [] }));
  const fromLines = bases.map((b) => b.from.getRange().start.line);
  for (const instruction of model.dockerfile.getInstructions()) {
    const line = instruction.getRange().start.line;
    let owner = -1;
    for (let i = 0; i < fromLines.length; i++) if (fromLines[i] <= line) owner = i;
    if (owner < 0 || instruction.getKeyword() === 'FROM') continue;
    stages[owner].instructions.push(instruction);
  }
  for (const stage of stages) {
    if (!stage.base.isStageRef) continue;
    const ref = stage.base.image.toLowerCase();
    stage.parent = stages
      .slice(0, stage.index)
      .reverse()
      .find((s) => s.name?.toLowerCase() === ref);
  }
  return stages;
}

/** The stage `docker build` produces (without `--target`): the last one. */
export function finalStage(model: DockerfileModel): DockerStage | undefined {
  const stages = dockerStages(model);
  return stages[stages.length - 1];
}

/** The stage chain an image is built from, oldest first (`FROM base AS a` … `FROM a`). */
export function stageChain(stage: DockerStage): DockerStage[] {
  const chain: DockerStage[] = [];
  for (let s: DockerStage | undefined = stage; s && chain.length < 50; s = s.parent) chain.unshift(s);
  return chain;
}

/** Instructions that shape an image, its parent stages' first. */
export function inheritedInstructions(stage: DockerStage): Instruction[] {
  return stageChain(stage).flatMap((s) => s.instructions);
}

/** The last instruction with this keyword in the stage chain. */
export function lastOf(stage: DockerStage, keyword: string): Instruction | undefined {
  const all = inheritedInstructions(stage).filter((i) => i.getKeyword() === keyword);
  return all[all.length - 1];
}

/** The base image of a stage chain (the first FROM that is not a stage name). */
export function rootBase(stage: DockerStage): StageBase {
  return stageChain(stage)[0].base;
}

/** 1-based position of an instruction's keyword. */
export function positionOf(instruction: Instruction): { line: number; column: number } {
  const start = instruction.getInstructionRange().start;
  return { line: start.line + 1, column: start.character + 1 };
}

/** 1-based position of the arguments (after the keyword). */
export function argumentsPositionOf(instruction: Instruction): { line: number; column: number } {
  const range = instruction.getArgumentsRange() ?? instruction.getRange();
  return { line: range.start.line + 1, column: range.start.character + 1 };
}

export interface CommandForm {
  /** `["a", "b"]` exec form, or shell form run by `/bin/sh -c`. */
  exec: boolean;
  /** Exec form: the JSON strings; shell form: the words of the text. */
  words: string[];
  /** Shell form: the script text (heredoc bodies included); exec form: the words joined. */
  script: string;
}

/** RUN/CMD/ENTRYPOINT arguments in either form. Flags (`RUN --mount=…`) are left out. */
export function commandForm(instruction: Instruction): CommandForm {
  const json = 'getJSONStrings' in instruction ? (instruction as JSONInstruction).getJSONStrings() : [];
  if (json.length) {
    // dockerfile-ast drops the spaces inside JSON strings; the arguments text is the JSON array.
    const words = parseJsonArray(instruction.getArgumentsContent() ?? '') ?? json.map((j) => j.getJSONValue());
    return { exec: true, words, script: words.join(' ') };
  }
  const args = instruction.getArguments().map((a) => a.getValue());
  const heredocs = 'getHeredocs' in instruction ? (instruction as unknown as { getHeredocs(): { getName(): string }[] }).getHeredocs() : [];
  let script = instruction.getArgumentsContent() ?? '';
  // `RUN --mount=type=cache,target=/x cmd`: the flags are not part of the command.
  while (/^--[\w-]+(?:=\S*)?\s/.test(script)) script = script.replace(/^--[\w-]+(?:=\S*)?\s+/, '');
  if (heredocs.length) script = heredocScript(script, heredocs.map((h) => h.getName()));
  return { exec: false, words: args.filter((a) => !a.startsWith('--') || !/^--[\w-]+=/.test(a)), script };
}

function parseJsonArray(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `<<EOT [cmd]\nbody\nEOT` → `cmd` and the body lines as one script. */
function heredocScript(content: string, names: string[]): string {
  const lines = content.split('\n');
  const first = lines.shift() ?? '';
  const head = first.replace(/<<-?\s*["']?([\w.-]+)["']?/g, '').trim();
  const body = lines.filter((l) => !names.includes(l.trim()));
  return [head, ...body].filter(Boolean).join('\n');
}

/** ENV and ARG settings of a stage chain, in order, with 1-based positions of each name. */
export interface StageVariable {
  kind: 'ENV' | 'ARG';
  name: string;
  /** `null`: `ARG NAME` with no default. */
  value: string | null;
  line: number;
  column: number;
  stage: DockerStage;
}

export function stageVariables(stage: DockerStage, withParents = true): StageVariable[] {
  const result: StageVariable[] = [];
  for (const s of withParents ? stageChain(stage) : [stage]) {
    for (const instruction of s.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'ENV' && keyword !== 'ARG') continue;
      for (const property of (instruction as PropertyInstruction).getProperties()) {
        const start = property.getNameRange().start;
        result.push({ kind: keyword, name: property.getName(), value: property.getValue(), line: start.line + 1, column: start.character + 1, stage: s });
      }
    }
  }
  return result;
}

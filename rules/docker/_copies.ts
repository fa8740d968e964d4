import type { Flag } from 'dockerfile-ast';
import { commandForm, type DockerStage } from '../../src/analysis/dockerfile.js';

/** A local source of a COPY/ADD instruction (not `--from=`, not a URL). */
export interface CopySource {
  /** Context-relative, normalised: `.` for the whole context, `backend`, `.env`. */
  path: string;
  /** The instruction as written, for messages (`COPY . .`). */
  text: string;
  line: number;
  column: number;
}

export function copySources(stage: DockerStage): CopySource[] {
  const result: CopySource[] = [];
  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword !== 'COPY' && keyword !== 'ADD') continue;
    const flags = 'getFlags' in instruction ? (instruction as unknown as { getFlags(): Flag[] }).getFlags() : [];
    if (flags.some((f) => f.getName() === 'from')) continue;
    const form = commandForm(instruction);
    const words = form.exec ? form.words : instruction.getArguments().map((a) => a.getValue()).filter((a) => !/^--[\w-]+(?:=|$)/.test(a));
    const start = instruction.getRange().start;
    const text = `${keyword} ${(instruction.getArgumentsContent() ?? '').replace(/\s+/g, ' ').trim()}`;
    for (const raw of words.slice(0, -1)) {
      if (/^[a-z][\w+.-]*:\/\//i.test(raw) || raw.startsWith('<<')) continue;
      const clean = raw.replace(/^\.\//, '').replace(/\/\*?$/, '');
      const whole = clean === '' || clean === '.' || clean === '*';
      result.push({
        path: whole ? '.' : clean,
        text,
        line: start.line + 1,
        column: start.character + 1,
      });
    }
  }
  return result;
}

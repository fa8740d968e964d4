import { dirname } from '../../src/io/paths.js';
import type { PyServerStart } from '../../src/analysis/python/server-start.js';
import type { PythonProgramLookup } from '../../src/analysis/server-commands.js';

/**
 * Answers what `python -m pkg.mod` / `python path/to/mod.py` in a Dockerfile runs, from the
 * Python modules of the repository (`starts`: path → how it starts a server, if it does). The
 * module is looked for in the build context (the Dockerfile's folder, then its `src/`), then
 * anywhere when exactly one file matches.
 */
export function pythonProgramLookup(dockerfilePath: string, starts: ReadonlyMap<string, PyServerStart | undefined>): PythonProgramLookup {
  const context = dirname(dockerfilePath);
  const under = (dir: string, rel: string) => (dir ? `${dir}/${rel}` : rel);
  const find = (rel: string): string | undefined => {
    for (const candidate of [under(context, rel), under(under(context, 'src'), rel)]) if (starts.has(candidate)) return candidate;
    const matches = [...starts.keys()].filter((p) => p === rel || p.endsWith(`/${rel}`));
    return matches.length === 1 ? matches[0] : undefined;
  };
  return (program) => {
    let path: string | undefined;
    let label: string;
    if ('module' in program) {
      const rel = program.module.split('.').join('/');
      path = find(`${rel}.py`) ?? find(`${rel}/__main__.py`);
      label = `python -m ${program.module}`;
    } else {
      // An absolute path inside the image (`/app/src/api.py`): try ever shorter tails.
      const parts = program.file.replace(/^\.?\//, '').split('/').filter((p) => p && p !== '.');
      for (let i = 0; i < parts.length && !path; i++) path = find(parts.slice(i).join('/'));
      label = `python ${program.file}`;
    }
    return path && starts.get(path) ? { kind: 'server', what: label } : undefined;
  };
}

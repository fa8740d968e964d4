import { describe, expect, it } from 'vitest';
import {
  commandForm,
  dockerStages,
  finalStage,
  lastOf,
  positionOf,
  rootBase,
  stageBaseImages,
  stageVariables,
} from '../../src/analysis/dockerfile.js';
import { parseShell, programWords, simpleCommands } from '../../src/analysis/shell.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';

function model(text: string) {
  const parsed = parseDockerfile(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const TEXT = `ARG NODE_VERSION=20.11
FROM node:\${NODE_VERSION}-alpine AS web
WORKDIR /app/frontend
RUN --mount=type=cache,target=/root/.npm npm ci && \\
    npm run build
FROM python:3.12-slim AS base
ENV PYTHONUNBUFFERED=1 \\
    API_TOKEN="abc def"
USER app
FROM base
COPY --from=web /app/frontend/dist ./frontend/dist
RUN <<EOT
set -e
curl -fsSL https://example.com/install.sh | sh
EOT
CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
`;

describe('Dockerfile stages', () => {
  const m = model(TEXT);
  const stages = dockerStages(m);

  it('keeps stageBaseImages working', () => {
    expect(stageBaseImages(m).map((b) => [b.image, b.line, b.column, b.isStageRef])).toEqual([
      ['node:20.11-alpine', 2, 6, false],
      ['python:3.12-slim', 6, 6, false],
      ['base', 10, 6, true],
    ]);
  });

  it('splits instructions by stage and links stage references', () => {
    expect(stages.map((s) => [s.name, s.instructions.map((i) => i.getKeyword())])).toEqual([
      ['web', ['WORKDIR', 'RUN']],
      ['base', ['ENV', 'USER']],
      [undefined, ['COPY', 'RUN', 'CMD']],
    ]);
    const last = finalStage(m)!;
    expect(last.parent?.name).toBe('base');
    expect(rootBase(last).image).toBe('python:3.12-slim');
    expect(lastOf(last, 'USER')?.getArgumentsContent()).toBe('app');
    expect(positionOf(lastOf(last, 'CMD')!)).toEqual({ line: 16, column: 1 });
  });

  it('reads commands in exec, shell and heredoc form', () => {
    const [run] = stages[0].instructions.filter((i) => i.getKeyword() === 'RUN');
    expect(commandForm(run).script).toBe('npm ci &&     npm run build');
    const last = finalStage(m)!;
    const heredoc = last.instructions.find((i) => i.getKeyword() === 'RUN')!;
    expect(commandForm(heredoc).script).toBe('set -e\ncurl -fsSL https://example.com/install.sh | sh');
    expect(commandForm(lastOf(last, 'CMD')!)).toMatchObject({ exec: true, words: ['uvicorn', 'main:app', '--host', '0.0.0.0'] });
  });

  it('lists ENV and ARG settings with positions', () => {
    const vars = stageVariables(finalStage(m)!);
    expect(vars.map((v) => [v.kind, v.name, v.value, v.line, v.column])).toEqual([
      ['ENV', 'PYTHONUNBUFFERED', '1', 7, 5],
      ['ENV', 'API_TOKEN', 'abc def', 8, 5],
    ]);
  });
});

describe('shell', () => {
  it('splits pipelines and commands', () => {
    expect(parseShell('curl -fsSL "https://x" | sudo bash -s -- --yes && echo "a|b"; ls')).toEqual([
      [['curl', '-fsSL', 'https://x'], ['sudo', 'bash', '-s', '--', '--yes']],
      [['echo', 'a|b']],
      [['ls']],
    ]);
    expect(parseShell("sh -c \"$(curl -fsSL https://x)\" # | sh")).toEqual([[['sh', '-c', '$(curl -fsSL https://x)']]]);
    expect(parseShell('a || b\nc \\\n d')).toEqual([[['a']], [['b']], [['c', 'd']]]);
  });

  it('drops assignments and wrappers before the program', () => {
    expect(programWords(['NODE_ENV=production', 'exec', 'node', 'server.js'])).toEqual(['node', 'server.js']);
    expect(programWords(['/usr/bin/tini', '--', 'gunicorn'])).toEqual(['gunicorn']);
    expect(programWords(['gosu', 'app', 'uvicorn', 'main:app'])).toEqual(['uvicorn', 'main:app']);
    expect(simpleCommands('cd /app && exec python app.py')).toEqual([['cd', '/app'], ['python', 'app.py']]);
  });
});

import { classifyCommand } from '../../src/analysis/server-commands.js';

describe('classifyCommand', () => {
  const kind = (words: string[], scripts?: Record<string, string>) => classifyCommand(words, scripts).kind;
  it('knows production servers', () => {
    expect(kind(['uvicorn', 'main:app', '--host', '0.0.0.0'])).toBe('server');
    expect(kind(['gunicorn', '-k', 'uvicorn.workers.UvicornWorker', 'app:app'])).toBe('server');
    expect(kind(['python', '-m', 'uvicorn', 'app.main:app'])).toBe('server');
    expect(kind(['node', 'dist/main.js'])).toBe('server');
    expect(kind(['npm', 'start'], { start: 'node server.js' })).toBe('server');
    expect(kind(['java', '-jar', '/app.jar'])).toBe('server');
    expect(kind(['nginx', '-g', 'daemon off;'])).toBe('server');
    expect(kind(['python', 'app.py'])).toBe('server');
    expect(kind(['sh', '-c', 'alembic upgrade head && exec gunicorn app:app'])).toBe('server');
    expect(kind(['/usr/bin/tini', '--', 'next', 'start'])).toBe('server');
  });
  it('knows development servers', () => {
    expect(classifyCommand(['uvicorn', 'main:app', '--reload'])).toEqual({ kind: 'dev-server', what: 'uvicorn --reload' });
    expect(kind(['npm', 'run', 'dev'])).toBe('dev-server');
    expect(kind(['yarn', 'dev'])).toBe('dev-server');
    expect(kind(['npm', 'start'], { start: 'react-scripts start' })).toBe('dev-server');
    expect(kind(['flask', 'run', '--host=0.0.0.0'])).toBe('dev-server');
    expect(kind(['python', 'manage.py', 'runserver', '0.0.0.0:8000'])).toBe('dev-server');
    expect(kind(['npx', 'nodemon', 'server.js'])).toBe('dev-server');
    expect(kind(['next', 'dev'])).toBe('dev-server');
    expect(kind(['vite', '--host'])).toBe('dev-server');
  });
  it('knows one-shot jobs and admits what it cannot tell', () => {
    expect(kind(['python', 'migrate.py'])).toBe('job');
    expect(kind(['alembic', 'upgrade', 'head'])).toBe('job');
    expect(kind(['node', 'scripts/seed.js'])).toBe('job');
    expect(kind(['npm', 'run', 'build'])).toBe('job');
    expect(kind(['python', 'manage.py', 'collectstatic'])).toBe('job');
    expect(kind(['vite', 'build'])).toBe('job');
    expect(kind(['/entrypoint.sh'])).toBe('unknown');
    expect(kind([])).toBe('unknown');
  });
});

describe('commandForm', () => {
  it('keeps spaces inside exec-form strings', () => {
    const m = model('FROM x\nCMD ["sh", "-c", "python manage.py  migrate && gunicorn app:app"]\n');
    expect(commandForm(lastOf(finalStage(m)!, 'CMD')!).words).toEqual(['sh', '-c', 'python manage.py  migrate && gunicorn app:app']);
  });
});

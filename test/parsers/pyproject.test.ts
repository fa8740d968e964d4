import { describe, expect, it } from 'vitest';
import { parsePyproject } from '../../src/parsers/pyproject.js';

function parse(text: string, path = 'pyproject.toml') {
  const result = parsePyproject(text, path);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('parsePyproject', () => {
  it('reads PEP 621 dependencies, optional dependencies and dependency groups with lines', () => {
    const model = parse(`[project]
name = "My_App"
dependencies = [
  "fastapi>=0.110",
  "pydantic==2.7.1",
]

[project.optional-dependencies]
redis = ["redis>=5"]

[dependency-groups]
test = ["pytest==8.2.0", {include-group = "lint"}]
lint = ["ruff"]
`);
    expect(model.projectName).toBe('my-app');
    expect(model.dependencies.map((d) => [d.name, d.spec, d.section, d.line, d.pinned])).toEqual([
      ['fastapi', '>=0.110', 'project.dependencies', 4, false],
      ['pydantic', '==2.7.1', 'project.dependencies', 5, true],
      ['redis', '>=5', 'project.optional-dependencies.redis', 9, false],
      ['pytest', '==8.2.0', 'dependency-groups.test', 12, true],
      ['ruff', '', 'dependency-groups.lint', 13, false],
    ]);
  });

  it('reads Poetry dependencies and groups, skipping python', () => {
    const model = parse(`[tool.poetry]
name = "svc"

[tool.poetry.dependencies]
python = "^3.11"
Flask = "^3.0"
gunicorn = "22.0.0"
lib = { git = "https://github.com/org/lib.git", branch = "main" }
local = { path = "../local", develop = true }
celery = { version = "==5.4.0", extras = ["redis"] }

[tool.poetry.group.dev.dependencies]
pytest = "*"
`);
    expect(model.poetry).toBe(true);
    expect(model.dependencies.map((d) => [d.name, d.line, d.pinned, d.local])).toEqual([
      ['flask', 6, false, false],
      ['gunicorn', 7, true, false],
      ['lib', 8, false, false],
      ['local', 9, true, true],
      ['celery', 10, true, false],
      ['pytest', 13, false, false],
    ]);
    expect(model.dependencies[2].vcsRef).toBe('main');
  });

  it('reads uv settings and workspace members', () => {
    const model = parse(`[project]
name = "root"
dependencies = []

[tool.uv]
dev-dependencies = ["pytest>=8"]

[tool.uv.workspace]
members = ["packages/*"]
`);
    expect(model.uv).toBe(true);
    expect(model.uvWorkspace).toEqual({ members: ['packages/*'], exclude: [] });
    expect(model.dependencies[0]).toMatchObject({ name: 'pytest', line: 6, section: 'tool.uv.dev-dependencies' });
  });

  it('reads a Pipfile', () => {
    const model = parse(
      `[[source]]
url = "https://pypi.org/simple"

[packages]
django = "*"
requests = "==2.31.0"
"psycopg2-binary" = {version = ">=2.9"}

[dev-packages]
pytest = "==8.2.0"
`,
      'Pipfile',
    );
    expect(model.format).toBe('pipfile');
    expect(model.dependencies.map((d) => [d.name, d.section, d.line, d.pinned])).toEqual([
      ['django', 'packages', 5, false],
      ['requests', 'packages', 6, true],
      ['psycopg2-binary', 'packages', 7, false],
      ['pytest', 'dev-packages', 10, true],
    ]);
  });

  it('fails with a line on invalid TOML', () => {
    const result = parsePyproject('[project]\nname = "x\n', 'pyproject.toml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.line).toBe(2);
  });
});

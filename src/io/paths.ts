/** Path facts that many rules share; pure functions over repository-relative `/` paths. */

const TEST_SEGMENT = /(?:^|\/)(?:tests?|__tests__|spec|specs|e2e|testdata|test-data|fixtures?|__fixtures__|__mocks__|mocks?)\//i;
const TEST_FILE = /(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.py|conftest\.py|[^/]*\.(?:test|spec)\.[cm]?[jt]sx?)$/i;

/** Answers per path: dozens of rules ask for every file, and the file-name pattern backtracks. */
const testPaths = new Map<string, boolean>();

/** A test, spec or fixture file: findings there are never above P3. */
export function isTestPath(path: string): boolean {
  let answer = testPaths.get(path);
  if (answer === undefined) {
    answer = TEST_SEGMENT.test(path) || TEST_FILE.test(path);
    // Bounded: a long-lived process (an editor, a test runner) must not grow without end.
    if (testPaths.size > 100_000) testPaths.clear();
    testPaths.set(path, answer);
  }
  return answer;
}

const EXAMPLE_SEGMENT = /(?:^|\/)(?:examples?|samples?|docs?|demo)\//i;

/** Documentation and example trees: code there is illustrative, not deployed. */
export function isExamplePath(path: string): boolean {
  return EXAMPLE_SEGMENT.test(path);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins and normalises `.`/`..` segments; never climbs above the root (returns undefined). */
export function joinPath(dir: string, relative: string): string | undefined {
  const parts = dir ? dir.split('/') : [];
  for (const seg of relative.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './scan.js';

const FIXTURES = join(REPO_ROOT, 'fixtures');

export function fixtureCases(): { ruleId: string; name: string; dir: string }[] {
  const cases: { ruleId: string; name: string; dir: string }[] = [];
  for (const domain of readdirSync(FIXTURES).sort()) {
    if (domain === 'scenarios' || domain === 'robustness') continue;
    const domainDir = join(FIXTURES, domain);
    if (!statSync(domainDir).isDirectory()) continue;
    for (const rule of readdirSync(domainDir).sort()) {
      const ruleDir = join(domainDir, rule);
      if (!statSync(ruleDir).isDirectory()) continue;
      for (const name of readdirSync(ruleDir).sort()) {
        if (/^(bad|ok)-/.test(name)) cases.push({ ruleId: `${domain}/${rule}`, name, dir: join(ruleDir, name) });
      }
    }
  }
  return cases;
}


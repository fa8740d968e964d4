import type { Inventory } from '../../engine/inventory.js';
import type { ParsedFile } from '../../engine/types.js';
import type { ContainerFact, StateFacts } from './containers.js';
import { jsStateFacts } from './containers-js.js';
import { pyStateFacts } from './containers-py.js';
import { ServerScope } from '../server-scope.js';

/** A container of server code that outlives requests, with what the rules need to judge it. */
export interface LongLivedContainer extends ContainerFact {
  path: string;
  language: 'python' | 'js';
  /** The module or the owning class writes to Redis/a database. */
  persisted: boolean;
}

/**
 * Gathers container facts of every module during the visit; in `done()` answers which
 * containers are long-lived in server code: module-level and class-level ones, and instance
 * attributes of classes that live for the process (singletons, Nest providers, instances held
 * at module level in any file).
 */
export class StateCollector {
  readonly scope: ServerScope;
  private readonly files: { path: string; language: 'python' | 'js'; facts: StateFacts }[] = [];

  constructor(inventory: Inventory) {
    this.scope = new ServerScope(inventory);
  }

  python(file: ParsedFile<'python'>): void {
    this.scope.python(file);
    this.files.push({ path: file.path, language: 'python', facts: pyStateFacts(file) });
  }

  js(file: ParsedFile<'js'>): void {
    this.scope.js(file);
    this.files.push({ path: file.path, language: 'js', facts: jsStateFacts(file) });
  }

  longLived(): LongLivedContainer[] {
    const instantiated = { python: new Set<string>(), js: new Set<string>() };
    for (const f of this.files) for (const name of f.facts.instantiated) instantiated[f.language].add(name);
    const out: LongLivedContainer[] = [];
    for (const f of this.files) {
      if (!this.scope.isServerCode(f.path)) continue;
      for (const c of f.facts.containers) {
        const cls = c.owner ? f.facts.classes.find((k) => k.name === c.owner) : undefined;
        if (c.scope === 'instance' && !(cls?.longLived || instantiated[f.language].has(c.owner ?? ''))) continue;
        out.push({ ...c, path: f.path, language: f.language, persisted: f.facts.persistence || !!cls?.persistence });
      }
    }
    return out;
  }
}

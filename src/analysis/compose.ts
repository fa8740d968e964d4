import type { YamlModel } from '../parsers/yaml.js';
import { parseDotenv, type DotenvModel } from '../parsers/dotenv.js';
import { basename, dirname, isExamplePath, joinPath } from '../io/paths.js';
import { interpolate, NO_DOTENV, type DotenvLookup, type Interpolated, type ValueOrigin } from './compose-interpolation.js';
import { parseLongPort, parseShortPort, UNKNOWN, type PortBinding } from './compose-ports.js';
import { YamlReader } from './yaml-nodes.js';
import { Memo } from './memo.js';

export type { ValueOrigin } from './compose-interpolation.js';

/** A place in a file, 1-based. */
export interface Spot {
  path: string;
  line: number;
  column: number;
}

/** A scalar of the compose file after interpolation, with where it is written. */
export interface ComposeValue extends Interpolated, Spot {
  raw: string;
}

export interface EnvSetting extends Spot {
  key: string;
  /** `undefined`: `- KEY` or `KEY:` with no value, passed through from the deploying shell. */
  value?: string;
  origin: ValueOrigin | 'env_file' | 'passthrough';
  /** The value as written, before interpolation. */
  raw?: string;
  /** The `.env` line a variable in the value came from, when one did. */
  dotenvLine?: number;
}

export interface ComposePort extends PortBinding, Spot {
  /** The spec as written. */
  raw: string;
}

export interface ComposeVolume extends Spot {
  /** Host path or named volume, interpolated; undefined for anonymous volumes. */
  source?: string;
  target?: string;
  readOnly: boolean;
}

export interface ComposeBuild extends Spot {
  /** Repository-relative build context; undefined when it is a URL or leaves the repository. */
  context?: string;
  /** Repository-relative Dockerfile path. */
  dockerfile?: string;
}

export interface CommandWords extends Spot {
  /** Interpolated words (an empty interpolation is kept as an empty word). */
  words: string[];
  /** Each word's interpolation: where its value came from. */
  parts: Interpolated[];
}

export interface ComposeService extends Spot {
  name: string;
  image?: ComposeValue;
  build?: ComposeBuild;
  ports: ComposePort[];
  /** `environment:` merged over `env_file:` entries (environment wins, as in compose). */
  environment: Map<string, EnvSetting>;
  envFiles: (Spot & { file: string; readable: boolean })[];
  /** `command:` as words (a string command is split on whitespace before interpolation). */
  command?: CommandWords;
  entrypoint?: CommandWords;
  healthcheck?: Spot & { disabled: boolean };
  restart?: ComposeValue;
  /** `deploy.restart_policy` is set. */
  restartPolicy?: Spot;
  memoryLimit?: Spot & { value: string };
  privileged?: Spot & { value: boolean };
  networkMode?: ComposeValue;
  pid?: ComposeValue;
  capAdd: ComposeValue[];
  volumes: ComposeVolume[];
  logging?: Spot & { driver?: string; options: Record<string, string> };
  /** Services this one waits for to complete successfully (they are one-shot jobs). */
  waitsForCompletion: string[];
  profiles: string[];
}

export interface ComposeProject {
  path: string;
  /** The `.env` next to the compose file, when the repository holds one. */
  dotenvPath?: string;
  servicesSpot?: Spot;
  services: ComposeService[];
}

/** Reads another scanned file's text (the inventory's `text`). */
export type TextSource = (path: string) => string | undefined;

const DEV_FILE = /(?:^|[.-])(?:dev|devel|develop|development|local|test|tests|testing|ci|e2e)(?:[.-]|$)/i;

/** Folders whose compose files run on a laptop: `.devcontainer/`, `dev/`, `local/`. */
const DEV_DIR = /(?:^|\/)(?:\.devcontainer|dev|local|development)\//i;

/**
 * `docker-compose.dev.yml`, `compose.local.yaml`, `docker-compose-test.yml`, and compose files of
 * docs and examples (`docs/quickstart/docker-compose.yml`): not for production.
 */
export function isDevComposeFile(path: string): boolean {
  const name = basename(path).replace(/\.ya?ml$/i, '');
  const rest = name.replace(/^(?:docker-)?compose/i, '');
  return DEV_FILE.test(rest) || DEV_DIR.test(path) || isExamplePath(path);
}

export function readCompose(path: string, text: string, model: YamlModel, readText: TextSource): ComposeProject {
  const dir = dirname(path);
  const dotenvPath = joinPath(dir, '.env');
  const dotenvText = dotenvPath === undefined ? undefined : readText(dotenvPath);
  const dotenv = dotenvText === undefined ? undefined : dotenvModel(dotenvText);
  const env: DotenvLookup = dotenv
    ? { path: dotenvPath, get: (name) => dotenv.get(name) }
    : NO_DOTENV;
  const project: ComposeProject = { path, dotenvPath: dotenv ? dotenvPath : undefined, services: [] };
  const doc = model.docs.find((d) => d.contents && new YamlReader(d, '').get(d.contents, 'services') !== undefined);
  if (!doc) return project;
  const reader = new YamlReader(doc, text);
  const servicesPair = reader.entries(doc.contents).get('services');
  if (!servicesPair) return project;
  project.servicesSpot = { path, ...reader.position(servicesPair.key) };
  for (const [name, pair] of reader.entries(servicesPair.value)) {
    project.services.push(new ServiceReader(reader, path, dir, env, readText).read(name, pair.key, pair.value));
  }
  return project;
}

function dotenvModel(text: string): DotenvModel | undefined {
  const parsed = parseDotenv(text);
  return parsed.ok ? parsed.value : undefined;
}

class ServiceReader {
  constructor(
    private readonly y: YamlReader,
    private readonly path: string,
    private readonly dir: string,
    private readonly env: DotenvLookup,
    private readonly readText: TextSource,
  ) {}

  read(name: string, keyNode: unknown, node: unknown): ComposeService {
    const e = this.y.entries(node);
    const value = (key: string) => e.get(key)?.value;
    const spot = (n: unknown): Spot => ({ path: this.path, ...this.y.position(n) });
    const keySpot = (key: string): Spot | undefined => (e.has(key) ? spot(e.get(key)!.key) : undefined);
    const service: ComposeService = {
      name,
      ...spot(keyNode),
      image: this.value(value('image')),
      build: this.build(value('build')),
      ports: this.ports(value('ports')),
      environment: new Map(),
      envFiles: [],
      command: this.words(value('command')),
      entrypoint: this.words(value('entrypoint')),
      healthcheck: this.healthcheck(value('healthcheck'), keySpot('healthcheck')),
      restart: this.value(value('restart')),
      restartPolicy: undefined,
      memoryLimit: undefined,
      privileged: undefined,
      networkMode: this.value(value('network_mode')),
      pid: this.value(value('pid')),
      capAdd: this.y.items(value('cap_add')).map((n) => this.value(n)).filter((v): v is ComposeValue => !!v),
      volumes: this.volumes(value('volumes')),
      logging: this.logging(value('logging'), keySpot('logging')),
      waitsForCompletion: this.completedDependencies(value('depends_on')),
      profiles: this.y.items(value('profiles')).map((n) => this.y.scalar(n) ?? ''),
    };
    this.readEnvFiles(value('env_file'), service);
    this.readEnvironment(value('environment'), service.environment);
    const deploy = value('deploy');
    const restartPolicy = this.y.entries(deploy).get('restart_policy');
    if (restartPolicy) service.restartPolicy = spot(restartPolicy.key);
    const limitMemory = this.y.entries(this.y.get(this.y.get(deploy, 'resources'), 'limits')).get('memory');
    const memLimit = e.get('mem_limit') ?? limitMemory;
    if (memLimit) service.memoryLimit = { ...spot(memLimit.value), value: this.y.scalar(memLimit.value) ?? '' };
    const privileged = e.get('privileged');
    if (privileged) {
      const text = this.value(privileged.value)?.value.toLowerCase();
      service.privileged = { ...spot(privileged.value), value: text === 'true' || text === 'yes' };
    }
    return service;
  }

  value(node: unknown): ComposeValue | undefined {
    const raw = this.y.scalar(node);
    if (raw === undefined) return undefined;
    return { raw, ...interpolate(raw, this.env), path: this.path, ...this.y.valuePosition(this.y.resolve(node)) };
  }

  private words(node: unknown): CommandWords | undefined {
    if (node === undefined) return undefined;
    const spot = { path: this.path, ...this.y.position(this.y.resolve(node)) };
    let raw: string[];
    if (this.y.isSeq(node)) raw = this.y.items(node).map((n) => this.y.scalar(n) ?? '');
    else {
      const text = this.y.scalar(node);
      if (text === undefined) return undefined;
      raw = splitCommand(text);
    }
    const parts = raw.map((w) => interpolate(w, this.env));
    return { words: parts.map((p) => p.value), parts, ...spot };
  }

  private build(node: unknown): ComposeBuild | undefined {
    if (node === undefined) return undefined;
    const spot = { path: this.path, ...this.y.position(this.y.resolve(node)) };
    const contextText = this.y.isMap(node) ? this.y.scalar(this.y.get(node, 'context')) ?? '.' : this.y.scalar(node);
    const dockerfileText = this.y.isMap(node) ? this.y.scalar(this.y.get(node, 'dockerfile')) : undefined;
    if (contextText === undefined) return spot;
    const contextValue = interpolate(contextText, this.env).value;
    if (/^[a-z][\w+.-]*:\/\//i.test(contextValue) || contextValue.startsWith('git@')) return spot;
    const context = joinPath(this.dir, contextValue);
    if (context === undefined) return spot;
    const dockerfileName = dockerfileText === undefined ? 'Dockerfile' : interpolate(dockerfileText, this.env).value;
    return { ...spot, context, dockerfile: joinPath(context, dockerfileName) };
  }

  private ports(node: unknown): ComposePort[] {
    const result: ComposePort[] = [];
    for (const item of this.y.items(node)) {
      const resolved = this.y.resolve(item);
      const position = { path: this.path, ...this.y.valuePosition(resolved) };
      if (this.y.isMap(resolved)) {
        const field = (key: string) => {
          const raw = this.y.scalar(this.y.get(resolved, key));
          return raw === undefined ? undefined : interpolate(raw, this.env, UNKNOWN).value;
        };
        const binding = parseLongPort({
          target: field('target'),
          published: field('published'),
          host_ip: field('host_ip'),
          protocol: field('protocol'),
        });
        const shown = [field('host_ip'), field('published'), field('target')].filter((f) => f !== undefined).join(':');
        result.push({ ...binding, raw: shown, ...position });
        continue;
      }
      const raw = this.y.scalar(resolved);
      if (raw === undefined) continue;
      const binding = parseShortPort(interpolate(raw, this.env, UNKNOWN).value);
      if (binding) result.push({ ...binding, raw, ...position });
    }
    return result;
  }

  private readEnvironment(node: unknown, into: Map<string, EnvSetting>): void {
    if (this.y.isMap(node)) {
      for (const [key, pair] of this.y.entries(node)) {
        const keyPos = this.y.position(pair.key);
        const raw = this.y.scalar(pair.value);
        if (raw === undefined) {
          into.set(key, { key, origin: 'passthrough', path: this.path, ...keyPos });
          continue;
        }
        into.set(key, this.setting(key, raw, this.y.valuePosition(this.y.resolve(pair.value))));
      }
      return;
    }
    for (const item of this.y.items(node)) {
      const text = this.y.scalar(item);
      if (text === undefined) continue;
      const pos = this.y.valuePosition(this.y.resolve(item));
      const eq = text.indexOf('=');
      if (eq < 0) {
        into.set(text.trim(), { key: text.trim(), origin: 'passthrough', path: this.path, ...pos });
        continue;
      }
      const key = text.slice(0, eq).trim();
      into.set(key, this.setting(key, text.slice(eq + 1), { line: pos.line, column: pos.column + eq + 1 }));
    }
  }

  private setting(key: string, raw: string, pos: { line: number; column: number }): EnvSetting {
    const resolved = interpolate(raw, this.env);
    const dotenvLine = resolved.vars.find((v) => v.dotenvLine !== undefined)?.dotenvLine;
    return { key, value: resolved.value, raw, origin: resolved.origin, path: this.path, ...pos, dotenvLine };
  }

  private readEnvFiles(node: unknown, service: ComposeService): void {
    if (node === undefined) return;
    const entries = this.y.isSeq(node) ? this.y.items(node) : [node];
    for (const entry of entries) {
      const resolved = this.y.resolve(entry);
      const fileText = this.y.isMap(resolved) ? this.y.scalar(this.y.get(resolved, 'path')) : this.y.scalar(resolved);
      if (fileText === undefined) continue;
      const file = joinPath(this.dir, interpolate(fileText, this.env).value);
      if (file === undefined) continue;
      const text = this.readText(file);
      service.envFiles.push({ file, readable: text !== undefined, path: this.path, ...this.y.valuePosition(resolved) });
      const parsed = text === undefined ? undefined : dotenvModel(text);
      for (const setting of parsed?.entries ?? []) {
        service.environment.set(setting.key, {
          key: setting.key,
          value: setting.value,
          raw: setting.value,
          origin: 'env_file',
          path: file,
          line: setting.line,
          column: setting.valueColumn,
        });
      }
    }
  }

  private healthcheck(node: unknown, keySpot: Spot | undefined): (Spot & { disabled: boolean }) | undefined {
    if (!keySpot) return undefined;
    const disable = this.y.scalar(this.y.get(node, 'disable'))?.toLowerCase() === 'true';
    const test = this.y.get(node, 'test');
    const first = this.y.isSeq(test) ? this.y.scalar(this.y.items(test)[0]) : this.y.scalar(test);
    return { ...keySpot, disabled: disable || first?.toUpperCase() === 'NONE' };
  }

  private volumes(node: unknown): ComposeVolume[] {
    const result: ComposeVolume[] = [];
    for (const item of this.y.items(node)) {
      const resolved = this.y.resolve(item);
      const pos = { path: this.path, ...this.y.valuePosition(resolved) };
      if (this.y.isMap(resolved)) {
        const field = (key: string) => {
          const raw = this.y.scalar(this.y.get(resolved, key));
          return raw === undefined ? undefined : interpolate(raw, this.env).value;
        };
        const readOnly = (field('read_only') ?? '').toLowerCase() === 'true';
        result.push({ source: field('source'), target: field('target'), readOnly, ...pos });
        continue;
      }
      const raw = this.y.scalar(resolved);
      if (raw === undefined) continue;
      const parts = interpolate(raw, this.env).value.split(':');
      if (parts.length === 1) {
        result.push({ target: parts[0], readOnly: false, ...pos });
        continue;
      }
      const mode = parts.length >= 3 ? parts[2].split(',') : [];
      result.push({ source: parts[0], target: parts[1], readOnly: mode.includes('ro'), ...pos });
    }
    return result;
  }

  private logging(node: unknown, keySpot: Spot | undefined): ComposeService['logging'] {
    if (!keySpot) return undefined;
    const options: Record<string, string> = {};
    for (const [key, pair] of this.y.entries(this.y.get(node, 'options'))) {
      const raw = this.y.scalar(pair.value);
      if (raw !== undefined) options[key] = interpolate(raw, this.env).value;
    }
    const driver = this.y.scalar(this.y.get(node, 'driver'));
    return { ...keySpot, driver: driver === undefined ? undefined : interpolate(driver, this.env).value, options };
  }

  private completedDependencies(node: unknown): string[] {
    if (!this.y.isMap(node)) return [];
    const result: string[] = [];
    for (const [name, pair] of this.y.entries(node)) {
      if (this.y.scalar(this.y.get(pair.value, 'condition')) === 'service_completed_successfully') result.push(name);
    }
    return result;
  }
}

/** Splits a string command as compose does (shell-like words, quotes removed), keeping `${…}` whole. */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (depth > 0) {
      current += ch;
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      if (ch === '$' && text[i + 1] === '{') {
        current += '${';
        depth = 1;
        i++;
      } else current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

const projects = new Memo<YamlModel, ComposeProject>();

/** The compose project of a file, read once and shared by every rule (cached on the model). */
export function composeOf(file: { path: string; text: string; model: YamlModel }, readText: TextSource): ComposeProject {
  let project = projects.get(file.model);
  if (!project) {
    project = readCompose(file.path, file.text, file.model, readText);
    projects.set(file.model, project);
  }
  return project;
}

/** Records the build context compose gives each Dockerfile it builds (a Dockerfile may be built from several). */
export function addBuildContexts(project: ComposeProject, contexts: Map<string, Set<string>>): void {
  for (const service of project.services) {
    const build = service.build;
    if (!build?.dockerfile || build.context === undefined) continue;
    const set = contexts.get(build.dockerfile) ?? new Set<string>();
    set.add(build.context);
    contexts.set(build.dockerfile, set);
  }
}

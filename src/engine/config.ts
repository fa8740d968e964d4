import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { PACKAGE_ROOT } from '../package.js';
import type { Lang, Priority } from './types.js';

export type RuleSetting = 'off' | 'on' | Priority | { enabled?: boolean; priority?: Priority; options?: Record<string, unknown> };

export interface ConfigIgnore {
  rule: string;
  paths?: string[];
  reason: string;
  until?: string;
}

export interface Config {
  rules?: Record<string, RuleSetting>;
  ignorePaths?: string[];
  ignore?: ConfigIgnore[];
  failOn?: Priority | 'none';
  minPriority?: Priority;
  lang?: Lang;
  maxFileSize?: number;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export const CONFIG_SCHEMA_PATH = join(PACKAGE_ROOT, 'schema', 'prodcheck.schema.json');

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(data: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')));
  }
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

/** Reads and validates a config file; every schema error is listed with its path. */
export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`cannot read config file ${file}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new ConfigError(`config file ${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return checkConfig(data, file);
}

export function checkConfig(data: unknown, source: string): Config {
  const errors = validate(data);
  if (errors.length) {
    const details = errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${describeParams(e)}`);
    throw new ConfigError(`invalid config ${source}`, details);
  }
  return data as Config;
}

function describeParams(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (p.allowedValues) return ` (${(p.allowedValues as unknown[]).join(', ')})`;
  if (p.additionalProperty) return ` (${String(p.additionalProperty)})`;
  return '';
}

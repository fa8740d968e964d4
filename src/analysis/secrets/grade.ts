import { isDotenvTemplate } from '../../io/classify.js';
import { isExamplePath } from '../../io/paths.js';
import type { Priority } from '../../engine/types.js';
import { isConnectionName, isPublicByDesignName, isSecretName, normaliseName } from './names.js';
import type { ProviderHit } from './secretlint.js';
import {
  hostScope,
  isPrivateByDesignValue,
  isProviderPlaceholder,
  isPublicByDesignValue,
  isRealUrlPassword,
  looksLikeSecretValue,
  urlCredential,
} from './values.js';

/** A committed credential, ready to report: where, what, how bad. */
export interface SecretFinding {
  path: string;
  line: number;
  column?: number;
  /** `provider`: a known key format; `named`: a secret-named key with a generated-looking value. */
  kind: 'provider' | 'private-key' | 'named' | 'url-password';
  /** The credential in words, or the key that holds it. */
  label: string;
  key?: string;
  /** Raw values to redact everywhere (never shown). */
  secrets: string[];
  priority: Priority;
  reason?: string;
}

const SAMPLE_REASON = 'in a template or example file: possibly a sample value, but it looks generated';

/** Files meant to show configuration, not hold it. */
export function isSampleFile(path: string): boolean {
  return isDotenvTemplate(path) || isExamplePath(path);
}

/** A connection URL with an inline password: P0 when it points elsewhere, less for local ones. */
function gradeUrl(path: string, url: string, line: number, label: string, key?: string, column?: number): SecretFinding | undefined {
  const credential = urlCredential(url);
  if (!credential || !isRealUrlPassword(credential)) return undefined;
  const scope = hostScope(credential.host);
  const base = { path, line, column, kind: 'url-password' as const, label, key, secrets: [credential.password] };
  if (scope === 'local') return { ...base, priority: 'P2', reason: 'the URL points at a local development host' };
  if (scope === 'internal') return { ...base, priority: 'P1', reason: 'the URL points at an internal service name (compose network)' };
  if (isSampleFile(path)) return { ...base, priority: 'P1', reason: SAMPLE_REASON };
  return { ...base, priority: 'P0' };
}

/**
 * Judges `key = value` found in a config file, an env file, a Dockerfile or a source literal.
 * `undefined`: not a committed secret (placeholder, public by design, not secret-named…).
 */
export function gradeNamedValue(path: string, key: string, rawValue: string, line: number, column?: number): SecretFinding | undefined {
  const value = rawValue.trim();
  if (!value) return undefined;
  if (/^[a-z][\w+.-]*:\/\/[^\s]*:[^\s]*@/i.test(value) && (isConnectionName(key) || isSecretName(key) || /^(?:postgres|mysql|mongodb|redis|amqp|mssql)/i.test(value))) {
    return gradeUrl(path, value, line, 'connection string', key, column);
  }
  if (isPrivateByDesignValue(value) && !isProviderPlaceholder(value)) {
    return { path, line, column, kind: 'named', label: key, key, secrets: [value], priority: 'P0' };
  }
  if (!isSecretName(key) || isPublicByDesignName(key) || isPublicByDesignValue(value)) return undefined;
  const password = /PASS|PWD/.test(normaliseName(key));
  if (!looksLikeSecretValue(value, { password })) return undefined;
  const finding: SecretFinding = { path, line, column, kind: 'named', label: key, key, secrets: [value], priority: 'P0' };
  return isSampleFile(path) ? { ...finding, priority: 'P1', reason: SAMPLE_REASON } : finding;
}

/** Judges a secretlint hit: documented examples and fillers are dropped, URLs graded by host. */
export function gradeProviderHit(path: string, hit: ProviderHit, text: string): SecretFinding | undefined {
  if (isProviderPlaceholder(hit.value) || isPublicByDesignValue(hit.value)) return undefined;
  // `e.g.) shpat_…` in a doc comment: a documented sample, not a credential.
  const lineText = text.split(/\r?\n/, hit.line)[hit.line - 1] ?? '';
  if (/\b(?:e\.g\.|eg:|for example|example:|sample:|such as)/i.test(lineText)) return undefined;
  if (hit.rule === 'basicauth' || hit.rule === 'database-connection-string') {
    return gradeUrl(path, hit.value, hit.line, hit.label, undefined, hit.column);
  }
  if (hit.rule === 'privatekey') {
    const body = hit.value.split(/\r?\n/).filter((l) => l.length >= 16 && !l.startsWith('-----'));
    return { path, line: hit.line, column: hit.column, kind: 'private-key', label: hit.label, secrets: body, priority: 'P0' };
  }
  if (hit.rule === 'gcp') {
    const line = text.split(/\r?\n/).findIndex((l) => /"private_key"\s*:/.test(l)) + 1 || hit.line;
    const keyLine = text.split(/\r?\n/)[line - 1] ?? '';
    const secret = /"private_key"\s*:\s*"([^"]+)"/.exec(keyLine)?.[1];
    return { path, line, kind: 'private-key', label: hit.label, secrets: secret ? [secret] : [], priority: 'P0' };
  }
  return { path, line: hit.line, column: hit.column, kind: 'provider', label: hit.label, secrets: [hit.value], priority: 'P0' };
}

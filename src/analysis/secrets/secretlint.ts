import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';

/** A provider-format credential secretlint found, located at the value itself. */
export interface ProviderHit {
  /** secretlint's rule id without its scope (`aws`, `openai`, `privatekey`…). */
  rule: string;
  messageId: string;
  /** What kind of credential, in words (`AWS access key ID`). */
  label: string;
  /** The raw secret text as matched (a whole URL for connection strings). */
  value: string;
  /** 1-based. */
  line: number;
  column: number;
}

export { mightHoldProviderSecret } from './provider-hint.js';

const LABELS: Record<string, string> = {
  AWSAccessKeyID: 'AWS access key ID',
  AWSSecretAccessKey: 'AWS secret access key',
  OPENAI_TOKEN: 'OpenAI API key',
  ANTHROPIC_TOKEN: 'Anthropic API key',
  GITHUB_TOKEN: 'GitHub token',
  PrivateKeyJSON: 'GCP service-account private key',
  PrivateKeyP12: 'GCP service-account private key',
};

/** Account IDs are identifiers, not secrets (AWS says so); the rest of the preset reports credentials. */
const IGNORED_MESSAGES = new Set(['AWSAccountID']);

const CONFIG = {
  rules: [
    {
      id: '@secretlint/secretlint-rule-preset-recommend',
      rule: recommendedPreset,
      rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }],
    },
  ],
};

/**
 * Runs secretlint's recommended preset over one file's text. `path` only informs secretlint of the
 * file type (`.npmrc`, `.json`); nothing is read from disk (`noPhysicFilePath`, content given).
 */
export async function scanProviderSecrets(path: string, content: string): Promise<ProviderHit[]> {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  // A `.p12` makes the GCP rule read the file from disk: binary files never get here, but be sure.
  const ext = dot > 0 ? name.slice(dot) : '';
  if (ext.toLowerCase() === '.p12') return [];
  const result = await lintSource({
    source: { content, filePath: `/${path}`, ext, contentType: 'text' },
    options: { config: CONFIG as never, noPhysicFilePath: true, maskSecrets: false, locale: 'en' },
  });
  const hits: ProviderHit[] = [];
  for (const message of result.messages) {
    if (message.type !== 'message' || IGNORED_MESSAGES.has(message.messageId)) continue;
    const rule = message.ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
    const value = matchedValue(content, message.range, message.data);
    const at = locate(content, value, message.range[0]);
    hits.push({ rule, messageId: message.messageId, label: LABELS[message.messageId] ?? labelOf(rule), value, ...at });
  }
  return hits;
}

/** The secret string: the rule's reported value when it has one, else the matched range. */
function matchedValue(content: string, range: readonly [number, number], data: unknown): string {
  const ranged = content.slice(range[0], range[1]);
  if (data && typeof data === 'object') {
    for (const candidate of Object.values(data as Record<string, unknown>)) {
      if (typeof candidate === 'string' && candidate.length >= 8 && content.includes(candidate)) return candidate;
    }
  }
  return ranged;
}

/** Line and column of `value` at or after `from` (secretlint's ranges sometimes start earlier). */
function locate(content: string, value: string, from: number): { line: number; column: number } {
  let index = content.indexOf(value, from);
  if (index < 0) index = from;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (content.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

function labelOf(rule: string): string {
  const names: Record<string, string> = {
    privatekey: 'private key',
    npm: 'npm token',
    slack: 'Slack token',
    basicauth: 'credentials in a URL',
    'database-connection-string': 'database password in a connection string',
    sendgrid: 'SendGrid API key',
    shopify: 'Shopify token',
    linear: 'Linear API key',
    '1password': '1Password service-account token',
    gcp: 'GCP service-account key',
    github: 'GitHub token',
  };
  return names[rule] ?? `${rule} credential`;
}

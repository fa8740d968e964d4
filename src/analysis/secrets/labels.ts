/**
 * Credential labels (`OpenAI API key`, `private key`) in both report languages. Product names stay
 * as they are; the kind of credential is translated in the words the seeds use (密钥, 凭据, Token).
 */
const ZH: Record<string, string> = {
  'private key': '私钥',
  'GCP service-account private key': 'GCP 服务账号私钥',
  'GCP service-account key': 'GCP 服务账号密钥',
  '1Password service-account token': '1Password 服务账号 Token',
  'credentials in a URL': 'URL 中的凭据',
  'database password in a connection string': '连接串中的数据库密码',
};

export function secretLabelText(label: string): { en: string; zh: string } {
  const zh =
    ZH[label] ??
    label
      .replace(/ API key$/, ' API Key')
      .replace(/ access key ID$/, ' Access Key ID')
      .replace(/ secret access key$/, ' Secret Access Key')
      .replace(/ token$/, ' Token')
      .replace(/ credential$/, ' 凭据');
  return { en: label, zh };
}

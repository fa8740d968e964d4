/**
 * Cheap test for text that can hold something the recommended preset matches; secretlint runs only
 * on files that pass, which keeps 7,500-file repositories fast.
 */
const PROVIDER_HINT =
  /\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b|SECRET_?ACCESS_?KEY|-----BEGIN|_authToken|\bnpm_[A-Za-z0-9]{36}|\bxox[bpaorx]-|hooks\.slack\.com|:\/\/[^\s:@/'"]{1,256}:[^\s@/'"]{1,256}@|T3BlbkFJ|sk-ant-api|lin_api_|\bSG\.[\w-]{10,}\.|\bshp(?:pa|ca|at|ss)_|\bgh[pousr]_[A-Za-z0-9]{36}|github_pat_|\bops_ey|private_key_id|x-oauth-basic/i;

export function mightHoldProviderSecret(text: string): boolean {
  return PROVIDER_HINT.test(text);
}

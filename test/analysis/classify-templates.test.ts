import { describe, expect, it } from 'vitest';
import { classify, isYamlTemplate } from '../../src/io/classify.js';

describe('YAML templates are text, not broken YAML', () => {
  it('recognises Helm chart templates, unquoted actions, Jinja blocks and cookiecutter paths', () => {
    expect(classify('charts/api/templates/deployment.yaml', 'metadata:\n  name: {{ include "app.fullname" . }}\n')).toBeUndefined();
    expect(classify('charts/api/templates/configmap.yaml', 'data:\n  image: "{{ .Values.image }}"\n')).toBeUndefined();
    expect(isYamlTemplate('deploy/values.yml', '{{- if .Values.enabled }}\nreplicas: 2\n{{- end }}\n')).toBe(true);
    expect(isYamlTemplate('roles/web/vars.yml', 'a: 1\n{% if prod %}\nb: 2\n{% endif %}\n')).toBe(true);
    expect(isYamlTemplate('{{cookiecutter.slug}}/docker-compose.yml', 'services: {}\n')).toBe(true);
  });

  it('keeps GitHub expressions, quoted actions and Go format strings in scripts as YAML', () => {
    const workflow = "on: push\njobs:\n  t:\n    if: ${{ github.ref == 'refs/heads/main' }}\n    steps:\n      - run: docker ps --format '{{.Names}}'\n";
    expect(classify('.github/workflows/ci.yml', workflow)).toBe('yaml');
    expect(classify('docker-compose.yml', 'services:\n  web:\n    image: "nginx:{{ tag }}"\n')).toBe('compose');
    expect(classify('k8s/deployment.yaml', 'kind: Deployment\nmetadata:\n  name: api\n')).toBe('yaml');
  });
});

import { describe, expect, it } from 'vitest';
import { readCompose, isDevComposeFile } from '../../src/analysis/compose.js';
import { bindsAllInterfaces, parseShortPort, targetIncludes, UNKNOWN } from '../../src/analysis/compose-ports.js';
import { interpolate } from '../../src/analysis/compose-interpolation.js';
import { parseYaml } from '../../src/parsers/yaml.js';

function read(text: string, files: Record<string, string> = {}, path = 'deploy/docker-compose.yml') {
  const parsed = parseYaml(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return readCompose(path, text, parsed.value, (p) => files[p]);
}

const env = (values: Record<string, string>) => ({ get: (name: string) => (name in values ? { value: values[name], line: 3 } : undefined) });

describe('compose interpolation', () => {
  it('resolves defaults, .env values, required and unset variables', () => {
    expect(interpolate('${A:-x}', env({}))).toMatchObject({ value: 'x', origin: 'default' });
    expect(interpolate('${A:-x}', env({ A: '' }))).toMatchObject({ value: 'x', origin: 'default' });
    expect(interpolate('${A-x}', env({ A: '' }))).toMatchObject({ value: '', origin: 'dotenv' });
    expect(interpolate('${A:-x}', env({ A: 'y' }))).toMatchObject({ value: 'y', origin: 'dotenv' });
    expect(interpolate('${A:?must be set}', env({}))).toMatchObject({ value: '', origin: 'required' });
    expect(interpolate('${A?err}', env({ A: 'v' }))).toMatchObject({ value: 'v', origin: 'dotenv' });
    expect(interpolate('$A/$$B', env({}))).toMatchObject({ value: '/$B', origin: 'unset' });
    expect(interpolate('${A:-${B:-z}}', env({}))).toMatchObject({ value: 'z', origin: 'default' });
    expect(interpolate('${A:+on}', env({ A: '1' }))).toMatchObject({ value: 'on' });
    expect(interpolate('plain', env({}))).toMatchObject({ value: 'plain', origin: 'literal' });
  });
});

describe('compose ports', () => {
  it('parses short syntax', () => {
    expect(parseShortPort('6379:6379')).toMatchObject({ hostIp: undefined, published: '6379', target: [6379, 6379] });
    expect(parseShortPort('127.0.0.1:6379:6379')).toMatchObject({ hostIp: '127.0.0.1', target: [6379, 6379] });
    expect(parseShortPort('[::1]:5432:5432/tcp')).toMatchObject({ hostIp: '::1', published: '5432', target: [5432, 5432], protocol: 'tcp' });
    expect(parseShortPort('8000-8010:8000-8010')).toMatchObject({ published: '8000-8010', target: [8000, 8010] });
    expect(parseShortPort('6379')).toMatchObject({ published: undefined, target: [6379, 6379] });
    expect(parseShortPort('127.0.0.1::6379')).toMatchObject({ hostIp: '127.0.0.1', published: undefined });
    expect(parseShortPort('53:53/udp')).toMatchObject({ protocol: 'udp' });
    const unknownIp = parseShortPort(`${UNKNOWN}:6379:6379`)!;
    expect(unknownIp.hostIpUnknown).toBe(true);
    expect(bindsAllInterfaces(unknownIp)).toBe(false);
    expect(bindsAllInterfaces(parseShortPort('0.0.0.0:1:6379')!)).toBe(true);
    expect(bindsAllInterfaces(parseShortPort('[::]:1:6379')!)).toBe(true);
    expect(targetIncludes(parseShortPort('9000-9002:9000-9002')!, 9001)).toBe(true);
  });
});

describe('readCompose', () => {
  const text = `x-logging: &logging
  driver: json-file
  options:
    max-size: "10m"
x-common: &common
  restart: unless-stopped
  logging: *logging
services:
  redis:
    <<: *common
    image: redis:\${REDIS_TAG:-7}
    command: redis-server --requirepass \${REDIS_PASSWORD:?set it}
    ports:
      - "\${REDIS_PORT:-6379}:6379"
      - target: 6380
        published: "6380"
        host_ip: 127.0.0.1
      - "[::1]:5432:5432"
  api:
    build:
      context: ..
      dockerfile: docker/api.Dockerfile
    env_file: [./api.env, ./missing.env]
    environment:
      - DB_PASSWORD=\${DB_PASSWORD:-postgres}
      - PASSTHROUGH
      - DEBUG=0
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - type: bind
        source: ./data
        target: /data
      - cache:/cache
    deploy:
      resources:
        limits:
          memory: 512M
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/health"]
    cap_add: [SYS_ADMIN]
    privileged: true
    depends_on:
      migrate:
        condition: service_completed_successfully
  grafana:
    image: grafana/grafana
    environment:
      GF_SECURITY_ADMIN_PASSWORD: \${GF_PASS}
      GF_USERS_ALLOW_SIGN_UP: "false"
    mem_limit: 1g
    healthcheck:
      disable: true
`;
  const project = read(text, {
    'deploy/.env': 'GF_PASS=admin\nREDIS_TAG=7.2\n',
    'deploy/api.env': 'API_KEY=abc\nDB_PASSWORD=fromfile\n',
  });
  const [redis, api, grafana] = project.services;

  it('lists services with positions and merge keys', () => {
    expect(project.services.map((s) => [s.name, s.line, s.column])).toEqual([
      ['redis', 9, 3],
      ['api', 19, 3],
      ['grafana', 45, 3],
    ]);
    expect(project.dotenvPath).toBe('deploy/.env');
    expect(redis.restart?.value).toBe('unless-stopped');
    expect(redis.restart?.line).toBe(6);
    expect(redis.logging).toMatchObject({ driver: 'json-file', options: { 'max-size': '10m' } });
    expect(redis.image).toMatchObject({ value: 'redis:7.2', origin: 'dotenv', line: 11, column: 12 });
    expect(redis.command?.words).toEqual(['redis-server', '--requirepass', '']);
    expect(redis.command?.parts[2].origin).toBe('required');
  });

  it('reads ports', () => {
    expect(redis.ports.map((p) => [p.line, p.column, p.hostIp, p.published, p.target])).toEqual([
      [14, 10, undefined, '6379', [6379, 6379]],
      [15, 9, '127.0.0.1', '6380', [6380, 6380]],
      [18, 10, '::1', '5432', [5432, 5432]],
    ]);
  });

  it('reads build, environment, env_file and volumes', () => {
    expect(api.build).toMatchObject({ context: '', dockerfile: 'docker/api.Dockerfile' });
    expect(api.envFiles.map((f) => [f.file, f.readable])).toEqual([
      ['deploy/api.env', true],
      ['deploy/missing.env', false],
    ]);
    expect(api.environment.get('DB_PASSWORD')).toMatchObject({ value: 'postgres', origin: 'default', line: 25, column: 21 });
    expect(api.environment.get('API_KEY')).toMatchObject({ value: 'abc', origin: 'env_file', path: 'deploy/api.env', line: 1 });
    expect(api.environment.get('PASSTHROUGH')).toMatchObject({ origin: 'passthrough' });
    expect(api.volumes.map((v) => [v.source, v.target, v.readOnly, v.line])).toEqual([
      ['/var/run/docker.sock', '/var/run/docker.sock', true, 29],
      ['./data', '/data', false, 30],
      ['cache', '/cache', false, 33],
    ]);
    expect(api.memoryLimit?.value).toBe('512M');
    expect(api.healthcheck).toMatchObject({ disabled: false, line: 38 });
    expect(api.capAdd.map((c) => c.value)).toEqual(['SYS_ADMIN']);
    expect(api.privileged).toMatchObject({ value: true, line: 41 });
    expect(api.waitsForCompletion).toEqual(['migrate']);
  });

  it('reads map environment with .env values', () => {
    expect(grafana.environment.get('GF_SECURITY_ADMIN_PASSWORD')).toMatchObject({ value: 'admin', origin: 'dotenv', dotenvLine: 1 });
    expect(grafana.memoryLimit?.value).toBe('1g');
    expect(grafana.healthcheck?.disabled).toBe(true);
    expect(grafana.restart).toBeUndefined();
  });

  it('tolerates files without services', () => {
    expect(read('version: "3"\n').services).toEqual([]);
    expect(read('').services).toEqual([]);
  });

  it('knows development compose files', () => {
    expect(isDevComposeFile('docker-compose.dev.yml')).toBe(true);
    expect(isDevComposeFile('compose.local.yaml')).toBe(true);
    expect(isDevComposeFile('docker-compose-test.yml')).toBe(true);
    expect(isDevComposeFile('docker-compose.yml')).toBe(false);
    expect(isDevComposeFile('docker-compose.prod.yml')).toBe(false);
    expect(isDevComposeFile('deploy/devops/docker-compose.yml')).toBe(false);
    expect(isDevComposeFile('docs/getting-started/docker-compose.yml')).toBe(true);
    expect(isDevComposeFile('examples/redis-cache/compose.yaml')).toBe(true);
    expect(isDevComposeFile('deploy/local/docker-compose.yml')).toBe(true);
    expect(isDevComposeFile('deploy/production/docker-compose.yml')).toBe(false);
  });
});

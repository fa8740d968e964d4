import { describe, expect, it } from 'vitest';
import { MAX_NGINX_DEPTH, parseNginx, walkNginx, type NginxDirective, type NginxModel } from '../../src/parsers/nginx.js';

function parsed(text: string): NginxModel {
  const result = parseNginx(text);
  if (!result.ok) throw new Error(`expected to parse: ${result.error.message} at ${result.error.line}`);
  return result.value;
}

function find(model: NginxModel, name: string): NginxDirective[] {
  return [...walkNginx(model.directives)].filter((d) => d.name === name);
}

function failure(text: string): { message: string; line?: number } {
  const result = parseNginx(text);
  if (result.ok) throw new Error('expected a parse failure');
  return result.error;
}

describe('parseNginx', () => {
  it('reads directives, blocks, positions and the parent chain', () => {
    const model = parsed(
      ['http {', '  server {', '    listen 80;', '    location /api/ {', '      proxy_pass http://app:8000;', '    }', '  }', '}'].join('\n'),
    );
    const [proxy] = find(model, 'proxy_pass');
    expect(proxy).toMatchObject({ name: 'proxy_pass', args: ['http://app:8000'], line: 5, column: 7 });
    expect(proxy.parent?.name).toBe('location');
    expect(proxy.parent?.args).toEqual(['/api/']);
    expect(proxy.parent?.parent?.name).toBe('server');
    expect(proxy.parent?.parent?.parent?.name).toBe('http');
    expect(proxy.parent?.parent?.parent?.parent).toBeUndefined();
    expect(model.directives[0]).toMatchObject({ line: 1, endLine: 8 });
  });

  it('unquotes strings and unescapes the escapes nginx knows', () => {
    const model = parsed(
      [
        `add_header X-Quoted "a \\"b\\" c" always;`,
        `add_header X-Single 'it\\'s';`,
        `return 200 "tab\\there\\n";`,
        `set $x a\\;b;`,
        `proxy_set_header Connection '';`,
      ].join('\n'),
    );
    expect(model.directives[0].args).toEqual(['X-Quoted', 'a "b" c', 'always']);
    expect(model.directives[1].args).toEqual(['X-Single', "it's"]);
    expect(model.directives[2].args).toEqual(['200', 'tab\there\n']);
    // Unknown escapes stay as written, like nginx.
    expect(model.directives[3].args).toEqual(['$x', 'a\\;b']);
    expect(model.directives[4].args).toEqual(['Connection', '']);
  });

  it('keeps comments aside, and `#` inside a word is not a comment', () => {
    const model = parsed(['# top comment', 'server { # trailing', '  return 301 https://$host$request_uri#frag;', '}'].join('\n'));
    expect(model.comments).toEqual([
      { text: ' top comment', line: 1, column: 1 },
      { text: ' trailing', line: 2, column: 10 },
    ]);
    expect(find(model, 'return')[0].args).toEqual(['301', 'https://$host$request_uri#frag']);
    expect(find(model, 'add_header')).toEqual([]);
  });

  it('reads ${var} inside words without opening a block', () => {
    const model = parsed('server { listen ${PORT}; server_name ${DOMAIN}.example.com; }');
    expect(find(model, 'listen')[0].args).toEqual(['${PORT}']);
    expect(find(model, 'server_name')[0].args).toEqual(['${DOMAIN}.example.com']);
  });

  it('strips the parentheses of if conditions', () => {
    const model = parsed(
      [
        'location / {',
        '  if ($request_method = OPTIONS) { return 204; }',
        '  if ( $http_origin ~* "^https://(a|b)\\.example\\.com$" ) { add_header Vary Origin; }',
        '  if (-f $request_filename) { break; }',
        '}',
      ].join('\n'),
    );
    const ifs = find(model, 'if');
    expect(ifs.map((d) => d.args)).toEqual([
      ['$request_method', '=', 'OPTIONS'],
      ['$http_origin', '~*', '^https://(a|b)\\.example\\.com$'],
      ['-f', '$request_filename'],
    ]);
    expect(ifs[0].block?.[0]).toMatchObject({ name: 'return', args: ['204'], line: 2 });
  });

  it('reads map blocks as key/value entries', () => {
    const model = parsed(
      ['map $http_origin $cors_origin {', '  default "";', '  "~^https://app\\.example\\.com$" $http_origin;', '}'].join('\n'),
    );
    const map = model.directives[0];
    expect(map.args).toEqual(['$http_origin', '$cors_origin']);
    expect(map.block?.map((d) => [d.name, ...d.args])).toEqual([
      ['default', ''],
      ['~^https://app\\.example\\.com$', '$http_origin'],
    ]);
  });

  it('skips *_by_lua_block bodies as opaque text, braces in lua strings and comments included', () => {
    const model = parsed(
      [
        'location /lua {',
        '  content_by_lua_block {',
        '    local t = { a = "}" } -- a } in a comment',
        "    ngx.say('{', [[ } ]])",
        '    if x then ngx.exit(200) end',
        '  }',
        '  proxy_buffering off;',
        '}',
      ].join('\n'),
    );
    const lua = find(model, 'content_by_lua_block')[0];
    expect(lua.block).toEqual([]);
    expect(lua.opaque).toContain('ngx.say');
    expect(find(model, 'proxy_buffering')[0]).toMatchObject({ args: ['off'], line: 7 });
    expect(find(model, 'if')).toEqual([]);
  });

  it('lists includes for the analysis to resolve', () => {
    const model = parsed('http {\n  include mime.types;\n  include /etc/nginx/conf.d/*.conf;\n}');
    expect(model.includes.map((i) => [i.pattern, i.directive.line])).toEqual([
      ['mime.types', 2],
      ['/etc/nginx/conf.d/*.conf', 3],
    ]);
  });

  it('accepts regex locations with quoted braces and named locations', () => {
    const model = parsed('server {\n location ~ "^/v[0-9]{1,2}/" { proxy_pass http://a; }\n location @fallback { return 404; }\n}');
    expect(find(model, 'location').map((d) => d.args)).toEqual([['~', '^/v[0-9]{1,2}/'], ['@fallback']]);
  });

  it('handles CRLF line endings and an empty file', () => {
    expect(find(parsed('server {\r\n  listen 80;\r\n}\r\n'), 'listen')[0].line).toBe(2);
    expect(parsed('').directives).toEqual([]);
    expect(parsed('# only a comment').directives).toEqual([]);
  });

  describe('failures carry a line', () => {
    it('an extra closing brace', () => {
      expect(failure('server {\n  listen 80;\n}\n}\n')).toEqual({ message: expect.stringContaining('unexpected "}"'), line: 4 });
    });
    it('a block never closed', () => {
      expect(failure('http {\n  server {\n    listen 80;\n  }\n')).toEqual({ message: expect.stringContaining('"http"'), line: 1 });
    });
    it('a directive without semicolon before a brace', () => {
      expect(failure('server {\n  listen 80\n}\n')).toMatchObject({ line: 3 });
    });
    it('a directive without semicolon at the end', () => {
      expect(failure('worker_processes auto;\nuser nginx')).toMatchObject({ line: 2 });
    });
    it('an unterminated quote', () => {
      expect(failure('server {\n  add_header X-A "oops;\n}\n')).toEqual({ message: expect.stringContaining('unterminated'), line: 2 });
    });
    it('text glued to a closing quote', () => {
      expect(failure('add_header X "a"b;')).toMatchObject({ line: 1 });
    });
    it('a lone semicolon or brace', () => {
      expect(failure('listen 80;\n;')).toMatchObject({ line: 2 });
      expect(failure('{ }')).toMatchObject({ line: 1 });
    });
    it('an unclosed lua block', () => {
      expect(failure('location / {\n  access_by_lua_block {\n    local t = {\n}\n')).toMatchObject({ line: 2 });
    });
    it('nesting beyond the depth limit', () => {
      const deep = 'location / {'.repeat(MAX_NGINX_DEPTH + 1) + '}'.repeat(MAX_NGINX_DEPTH + 1);
      expect(failure(deep).message).toContain('nested deeper');
      const fine = 'location / {'.repeat(10) + '}'.repeat(10);
      expect(parseNginx(fine).ok).toBe(true);
    });
  });
});

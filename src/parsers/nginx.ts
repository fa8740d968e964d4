import { errorMessage, fail, ok, type ParseResult } from './result.js';

/**
 * nginx configuration as a tree of directives, read the way nginx itself tokenises
 * (ngx_conf_read_token): words, quoted strings with backslash escapes, `${var}` inside words,
 * `#` comments only at the start of a word, `;` / `{` / `}` as terminators.
 * `include` is not followed here (parsers have no disk): includes are listed for
 * src/analysis/nginx.ts to resolve against the scanned files.
 */
export interface NginxDirective {
  name: string;
  /** Arguments with quotes removed and `\"`, `\'`, `\\`, `\t`, `\r`, `\n` unescaped. For `if`, the outer parentheses are removed. */
  args: string[];
  /** 1-based position of the directive name. */
  line: number;
  column: number;
  /** Children when the directive opens a block (`server { … }`); absent for simple directives. */
  block?: NginxDirective[];
  /** Line of the closing `}` of a block. */
  endLine?: number;
  /** The enclosing block directive; absent at the top level of the file. */
  parent?: NginxDirective;
  /** Body of a `*_by_lua_block { … }`, kept as text and never parsed as nginx. */
  opaque?: string;
}

export interface NginxComment {
  /** Text after `#`. */
  text: string;
  line: number;
  column: number;
}

export interface NginxInclude {
  /** The pattern as written (`conf.d/*.conf`, `/etc/nginx/snippets/sse.conf`). */
  pattern: string;
  directive: NginxDirective;
}

export interface NginxModel {
  directives: NginxDirective[];
  comments: NginxComment[];
  includes: NginxInclude[];
}

/** Deeper nesting than this is no real configuration (nginx's own contexts nest a handful deep). */
export const MAX_NGINX_DEPTH = 50;

interface Token {
  value: string;
  line: number;
  column: number;
  quoted: boolean;
}

class NginxSyntaxError {
  constructor(
    readonly message: string,
    readonly line: number,
  ) {}
}

/** Reads tokens on demand so that lua block bodies can be skipped as raw text. */
class Lexer {
  pos = 0;
  line = 1;
  column = 1;
  readonly comments: NginxComment[] = [];

  constructor(private readonly text: string) {}

  private advance(): string {
    const ch = this.text[this.pos++];
    if (ch === '\n') {
      this.line++;
      this.column = 1;
    } else {
      this.column++;
    }
    return ch;
  }

  private skipSpaceAndComments(): void {
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
        this.advance();
      } else if (ch === '#') {
        const line = this.line;
        const column = this.column;
        let end = this.text.indexOf('\n', this.pos);
        if (end < 0) end = this.text.length;
        this.comments.push({ text: this.text.slice(this.pos + 1, end).replace(/\r$/, ''), line, column });
        while (this.pos < end) this.advance();
      } else {
        return;
      }
    }
  }

  /** The next token, a terminator (`;`, `{`, `}` as unquoted one-character values) or undefined at the end. */
  next(): (Token & { terminator?: boolean }) | undefined {
    this.skipSpaceAndComments();
    if (this.pos >= this.text.length) return undefined;
    const line = this.line;
    const column = this.column;
    const ch = this.text[this.pos];
    if (ch === ';' || ch === '{' || ch === '}') {
      this.advance();
      return { value: ch, line, column, quoted: false, terminator: true };
    }
    if (ch === '"' || ch === "'") return this.quoted(ch, line, column);
    return this.word(line, column);
  }

  private quoted(quote: string, line: number, column: number): Token {
    this.advance();
    let value = '';
    while (this.pos < this.text.length) {
      const ch = this.advance();
      if (ch === '\\' && this.pos < this.text.length) {
        value += escapeSequence(this.advance());
        continue;
      }
      if (ch === quote) {
        // nginx wants a separator right after a closing quote (`)` too, for `if ("a" = "b")`).
        const after = this.text[this.pos];
        if (after !== undefined && !/[\s;{)]/.test(after)) {
          throw new NginxSyntaxError(`unexpected "${after}" after a quoted string`, this.line);
        }
        return { value, line, column, quoted: true };
      }
      value += ch;
    }
    throw new NginxSyntaxError(`unterminated ${quote === '"' ? 'double' : 'single'}-quoted string`, line);
  }

  private word(line: number, column: number): Token {
    let value = '';
    let variable = false;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === '{' && variable) {
        // `${name}`: the brace belongs to the variable, up to its closing brace.
        value += this.advance();
        while (this.pos < this.text.length && this.text[this.pos] !== '}' && !/[\s;]/.test(this.text[this.pos])) {
          value += this.advance();
        }
        if (this.text[this.pos] === '}') value += this.advance();
        variable = false;
        continue;
      }
      variable = false;
      if (/[\s;{]/.test(ch)) break;
      if (ch === '\\' && this.pos + 1 < this.text.length) {
        this.advance();
        value += escapeSequence(this.advance());
        continue;
      }
      if (ch === '$') variable = true;
      value += this.advance();
    }
    return { value, line, column, quoted: false };
  }

  /**
   * Skips a lua block body after its `{`, balancing braces outside lua strings, long brackets and
   * comments. Returns the body text; the closing `}` is consumed.
   */
  luaBody(openLine: number): string {
    const start = this.pos;
    let depth = 1;
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === '-' && text[this.pos + 1] === '-') {
        this.advance();
        this.advance();
        const long = this.longBracketLevel();
        if (long >= 0) this.skipLongBracket(long, openLine);
        else while (this.pos < text.length && text[this.pos] !== '\n') this.advance();
        continue;
      }
      if (ch === '[') {
        const long = this.longBracketLevel();
        if (long >= 0) {
          this.skipLongBracket(long, openLine);
          continue;
        }
      }
      if (ch === '"' || ch === "'") {
        this.advance();
        while (this.pos < text.length && text[this.pos] !== ch && text[this.pos] !== '\n') {
          if (text[this.pos] === '\\') this.advance();
          this.advance();
        }
        if (this.pos < text.length) this.advance();
        continue;
      }
      this.advance();
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) return text.slice(start, this.pos - 1);
    }
    throw new NginxSyntaxError('lua block is never closed', openLine);
  }

  /** At `[`: the level of a lua long bracket (`[[` is 0, `[==[` is 2), or -1. */
  private longBracketLevel(): number {
    if (this.text[this.pos] !== '[') return -1;
    let i = this.pos + 1;
    while (this.text[i] === '=') i++;
    return this.text[i] === '[' ? i - this.pos - 1 : -1;
  }

  private skipLongBracket(level: number, openLine: number): void {
    const close = `]${'='.repeat(level)}]`;
    const end = this.text.indexOf(close, this.pos + level + 2);
    if (end < 0) throw new NginxSyntaxError('lua long string is never closed', openLine);
    while (this.pos < end + close.length) this.advance();
  }
}

/** nginx unescapes only these; any other `\x` stays as written (regexes keep their `\.`). */
function escapeSequence(ch: string): string {
  if (ch === 't') return '\t';
  if (ch === 'n') return '\n';
  if (ch === 'r') return '\r';
  if (ch === '"' || ch === "'" || ch === '\\') return ch;
  return `\\${ch}`;
}

/** `if ($a = b)` arrives as `($a`, `=`, `b)`: drop the parentheses the way nginx does. */
function ifArgs(tokens: Token[]): string[] {
  const args = tokens.map((t) => t.value);
  if (args.length && !tokens[0].quoted && args[0].startsWith('(')) {
    args[0] = args[0].slice(1);
    if (args[0] === '') args.shift();
  }
  const last = tokens.length - 1;
  if (args.length && !tokens[last].quoted && args[args.length - 1].endsWith(')')) {
    args[args.length - 1] = args[args.length - 1].slice(0, -1);
    if (args[args.length - 1] === '') args.pop();
  }
  return args;
}

export function parseNginx(text: string): ParseResult<NginxModel> {
  const lexer = new Lexer(text);
  const includes: NginxInclude[] = [];
  const top: NginxDirective[] = [];
  // Open blocks, innermost last.
  const stack: NginxDirective[] = [];
  try {
    let current: Token[] = [];
    for (;;) {
      const token = lexer.next();
      if (!token) break;
      if (!token.terminator) {
        current.push(token);
        continue;
      }
      if (token.value === '}') {
        if (current.length) throw new NginxSyntaxError(`unexpected "}": directive "${current[0].value}" has no ";"`, token.line);
        const closed = stack.pop();
        if (!closed) throw new NginxSyntaxError('unexpected "}" with no open block', token.line);
        closed.endLine = token.line;
        continue;
      }
      if (!current.length) throw new NginxSyntaxError(`unexpected "${token.value}"`, token.line);
      const [head, ...rest] = current;
      current = [];
      const parent = stack[stack.length - 1];
      const directive: NginxDirective = {
        name: head.value,
        args: head.value === 'if' ? ifArgs(rest) : rest.map((t) => t.value),
        line: head.line,
        column: head.column,
      };
      if (parent) directive.parent = parent;
      (parent ? parent.block! : top).push(directive);
      if (directive.name === 'include' && directive.args[0] !== undefined) {
        includes.push({ pattern: directive.args[0], directive });
      }
      if (token.value === '{') {
        directive.block = [];
        if (directive.name.endsWith('_by_lua_block')) {
          directive.opaque = lexer.luaBody(head.line);
          directive.endLine = lexer.line;
          continue;
        }
        if (stack.length >= MAX_NGINX_DEPTH) {
          throw new NginxSyntaxError(`blocks nested deeper than ${MAX_NGINX_DEPTH} levels`, head.line);
        }
        stack.push(directive);
      }
    }
    if (current.length) {
      throw new NginxSyntaxError(`unexpected end of file: directive "${current[0].value}" has no ";"`, current[0].line);
    }
    if (stack.length) {
      const open = stack[stack.length - 1];
      throw new NginxSyntaxError(`unexpected end of file: block "${open.name}" opened here is never closed`, open.line);
    }
  } catch (error) {
    if (error instanceof NginxSyntaxError) return fail(error.message, error.line);
    return fail(errorMessage(error));
  }
  return ok({ directives: top, comments: lexer.comments, includes });
}

/** Every directive of a tree, depth first, in file order. */
export function* walkNginx(directives: readonly NginxDirective[]): Generator<NginxDirective> {
  for (const d of directives) {
    yield d;
    if (d.block) yield* walkNginx(d.block);
  }
}

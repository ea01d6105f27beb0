import type { TypeExpr } from './dsl.ts';

export const PRIMITIVES = {
  bool: 'Bool',
  str: 'Str',
  u8: 'U8',
  u16: 'U16',
  u32: 'U32',
  u64: 'U64',
  u128: 'U128',
  u256: 'U256',
  i8: 'I8',
  i16: 'I16',
  i32: 'I32',
  i64: 'I64',
  i128: 'I128',
  i256: 'I256',
} as const;

export type PrimitiveName = keyof typeof PRIMITIVES;

export type TypeNode =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName }
  | { readonly kind: 'compact'; readonly inner: TypeNode }
  | { readonly kind: 'vec'; readonly inner: TypeNode }
  | { readonly kind: 'option'; readonly inner: TypeNode }
  | { readonly kind: 'array'; readonly inner: TypeNode; readonly length: number }
  | { readonly kind: 'tuple'; readonly items: readonly TypeNode[] }
  | { readonly kind: 'named'; readonly name: string };

/** Parses a Rust-like type expression (`Vec<(AccountId32, Permill)>`, `[u8; 32]`, `Option<Cid>`). */
export function parseTypeExpr(expr: TypeExpr): TypeNode {
  const parser = new ExprParser(expr);
  const node = parser.parseType();
  parser.expectEnd();
  return node;
}

class ExprParser {
  private position = 0;

  constructor(private readonly source: string) {}

  parseType(): TypeNode {
    this.skipSpaces();
    const char = this.source[this.position];
    if (char === '(') return this.parseTuple();
    if (char === '[') return this.parseArray();
    const name = this.parseIdentifier();
    if (this.peek('<')) {
      this.position++;
      const inner = this.parseType();
      this.expect('>');
      switch (name) {
        case 'Compact':
          return { kind: 'compact', inner };
        case 'Vec':
          return { kind: 'vec', inner };
        case 'Option':
          return { kind: 'option', inner };
        case 'Box':
          return inner;
        default:
          throw this.error(`unknown generic ${name}<…>`);
      }
    }
    if (name in PRIMITIVES) return { kind: 'primitive', name: name as PrimitiveName };
    return { kind: 'named', name };
  }

  expectEnd(): void {
    this.skipSpaces();
    if (this.position !== this.source.length) throw this.error('unexpected trailing input');
  }

  private parseTuple(): TypeNode {
    this.expect('(');
    const items: TypeNode[] = [];
    while (!this.peek(')')) {
      items.push(this.parseType());
      if (!this.peek(')')) this.expect(',');
    }
    this.expect(')');
    return { kind: 'tuple', items };
  }

  private parseArray(): TypeNode {
    this.expect('[');
    const inner = this.parseType();
    this.expect(';');
    this.skipSpaces();
    const digits = /^\d+/.exec(this.source.slice(this.position));
    if (!digits) throw this.error('array length expected');
    this.position += digits[0].length;
    this.expect(']');
    return { kind: 'array', inner, length: Number(digits[0]) };
  }

  private parseIdentifier(): string {
    this.skipSpaces();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.source.slice(this.position));
    if (!match) throw this.error('type name expected');
    this.position += match[0].length;
    return match[0];
  }

  private peek(char: string): boolean {
    this.skipSpaces();
    return this.source[this.position] === char;
  }

  private expect(char: string): void {
    if (!this.peek(char)) throw this.error(`'${char}' expected`);
    this.position++;
  }

  private skipSpaces(): void {
    while (this.source[this.position] === ' ') this.position++;
  }

  private error(message: string): Error {
    return new Error(`Type expression "${this.source}": ${message} at ${this.position}`);
  }
}

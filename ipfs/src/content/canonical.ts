/**
 * Canonical JSON, the bytes that signatures cover:
 *
 * - object keys sorted by UTF-16 code units (JavaScript's default sort), at every depth;
 * - no whitespace;
 * - strings escaped as `JSON.stringify` escapes them;
 * - bigints written as decimal strings (`12n` → `"12"`), so amounts above 2^53 survive;
 * - numbers must be finite (NaN and ±Infinity are refused), `-0` is written `0`;
 * - object properties whose value is `undefined` are left out; `undefined`, functions and symbols
 *   anywhere else are refused, as are non-plain objects (Date, Map, typed arrays…).
 */

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
}

export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

/** UTF-8 bytes of {@link canonicalJson}. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString(10));
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${path}: non-finite number`);
      return JSON.stringify(value === 0 ? 0 : value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => write(item, `${path}[${index}]`)).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError(`${path}: not a plain object`);
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, `${path}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(`${path}: ${typeof value} is not JSON`);
  }
}

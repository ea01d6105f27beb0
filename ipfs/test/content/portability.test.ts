import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../src/content/', import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));

/** The packages src/content may import: each runs in browsers and in Node. */
const ALLOWED = [
  /^\.\/[\w-]+\.ts$/,
  /^zod$/,
  /^tweetnacl$/,
  /^multiformats(\/[\w/-]+)?$/,
  /^@helia\/unixfs$/,
  /^@polkadot\/util(-crypto)?$/,
  /^@bazari\/chain-types\/cid$/,
];

describe('src/content runs in the browser and in Node', () => {
  it.each(files)('%s uses no Node-only API', (name) => {
    const source = readFileSync(new URL(name, dir), 'utf8');
    const imports = [...source.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((match) => match[1]);
    for (const specifier of imports)
      expect(
        ALLOWED.some((pattern) => pattern.test(specifier)),
        specifier,
      ).toBe(true);
    expect(source).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(|__dirname/);
  });
});

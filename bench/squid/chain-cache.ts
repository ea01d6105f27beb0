/** The generated chains, cached under `.data/bench-squid/<key>/{chain,manifest.json}` (see ./generate.ts). */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './devnet.ts';
import { generate, log } from './generate.ts';
import { type CachedChain, type ChainManifest, GENERATOR_VERSION, type GenerateOptions } from './manifest.ts';

export function cacheKey(options: GenerateOptions): string {
  return `v${GENERATOR_VERSION}-o${options.orders}-b${options.buyers}-s${options.sellers}-l${options.listingsPerStore}-d${options.days}-c${options.callsPerExtrinsic}-x${options.extrinsicsPerBlock}`;
}

/** The cached chain for `options`, generated first if absent. */
export async function cachedChain(
  options: GenerateOptions,
  root = join(REPO_ROOT, '.data/bench-squid'),
): Promise<CachedChain> {
  const dir = join(root, cacheKey(options));
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ChainManifest;
    log(`reusing the chain in ${dir} (${manifest.head} blocks, ${manifest.indexedEvents} indexed events)`);
    return { dir, chainDir: join(dir, 'chain'), manifest, generated: false };
  }
  const building = join(root, `${cacheKey(options)}.building`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const manifest = await generate(options, join(building, 'chain'));
  writeFileSync(join(building, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return { dir, chainDir: join(dir, 'chain'), manifest, generated: true };
}

/**
 * Regenerates every checked-in artifact of chain-types from the runtime interface in src/:
 *
 *   generated/types.ts                  TS types of the SCALE codec values (used by the devnet)
 *   generated/metadata-v14.scale.hex    SCALE metadata V14 (what `state_getMetadata` returns), 0x-hex
 *   generated/metadata-v15.scale.hex    SCALE metadata V15 (`Metadata_metadata_at_version(15)`), 0x-hex
 *   generated/versions.jsonl            the spec version record read by squid-substrate-typegen
 *                                       (the squid's bindings: squid/typegen.json, squid/scripts/typegen.ts)
 *   generated/augment/                  @polkadot/api augmentation (@polkadot/typegen generators)
 *
 * Usage: `npm run generate` (writes generated/), or `tsx scripts/generate.ts <dir>` to write the
 * same tree into another directory. Everything is built in a scratch directory first, then
 * replaces the whole output directory, so a failed run leaves it untouched and no stale file
 * survives. The output depends only on src/: running it twice changes nothing.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metadataHex } from '../src/metadata.ts';
import { RuntimeModel } from '../src/model.ts';
import { generateTsTypes } from '../src/typegen/ts-types.ts';
import { runtimeVersion } from '../src/version.ts';
import { generatePolkadotAugment } from './polkadot-augment.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const defaultOutDir = join(packageDir, 'generated');

/**
 * The block hash of the spec version record. squid-substrate-typegen only checks that it is hex
 * (substrate-metadata-explorer's `validateSpecVersion`) and never reads it; the devnet's real
 * genesis hash depends on its genesis state, which chain-types does not know.
 */
const SPEC_RECORD_BLOCK_HASH = `0x${'00'.repeat(32)}`;

async function generate(outDir: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bazari-generate-'));
  try {
    const staging = join(scratch, 'generated');
    mkdirSync(staging);
    const model = new RuntimeModel();
    const metadataV14 = metadataHex(model, 14);
    const metadataV15 = metadataHex(model, 15);

    writeFileSync(join(staging, 'types.ts'), generateTsTypes());
    writeFileSync(join(staging, 'metadata-v14.scale.hex'), metadataV14);
    writeFileSync(join(staging, 'metadata-v15.scale.hex'), metadataV15);
    // squid-substrate-typegen reads V14 only (as does the processor from `state_getMetadata`).
    const specRecord = {
      specName: runtimeVersion.spec_name,
      specVersion: runtimeVersion.spec_version,
      blockNumber: 0,
      blockHash: SPEC_RECORD_BLOCK_HASH,
      metadata: metadataV14,
    };
    writeFileSync(join(staging, 'versions.jsonl'), `${JSON.stringify(specRecord)}\n`);

    await generatePolkadotAugment(metadataV15, join(staging, 'augment'), scratch);

    mkdirSync(outDir, { recursive: true });
    const existing = readdirSync(outDir);
    if (existing.length > 0 && !existing.includes('metadata-v15.scale.hex')) {
      throw new Error(`${outDir} is neither empty nor a previous output of this script: not replacing it`);
    }
    for (const entry of existing) rmSync(join(outDir, entry), { recursive: true, force: true });
    cpSync(staging, outDir, { recursive: true });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const outDir = resolve(process.argv[2] ?? defaultOutDir);
await generate(outDir);
console.log(`chain-types: regenerated ${outDir}`);

/**
 * `sqd codegen`: squid-typeorm-codegen, then the two edits its output needs to load as NodeNext ESM:
 * relative imports get their `.js` extension, and to-one relation properties are typed
 * `Relation<Entity>` so that `emitDecoratorMetadata` does not read an entity class through a
 * circular import before it is initialised (TypeORM's documented ESM pattern).
 */

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const squidDir = fileURLToPath(new URL('..', import.meta.url));
const modelDir = join(squidDir, 'src/model');
const generatedDir = join(modelDir, 'generated');

const codegen = spawnSync('squid-typeorm-codegen', { cwd: squidDir, stdio: 'inherit', shell: false });
if (codegen.status !== 0) process.exit(codegen.status ?? 1);

const entityNames = new Set(
  readdirSync(generatedDir)
    .filter((file) => file.endsWith('.model.ts'))
    .flatMap((file) => [...readFileSync(join(generatedDir, file), 'utf8').matchAll(/^export class (\w+)/gm)])
    .map((match) => match[1]),
);

function withJsExtensions(source: string, dir: string): string {
  return source.replace(/from "(\.{1,2}\/[^"]+?)(?<!\.js)"/g, (_, specifier: string) => {
    const isDirectory = readdirSync(dir, { withFileTypes: true }).some(
      (entry) => entry.isDirectory() && `./${entry.name}` === specifier,
    );
    return `from "${specifier}${isDirectory ? '/index.js' : '.js'}"`;
  });
}

function withRelationTypes(source: string): string {
  let wrapped = false;
  const result = source.replace(/^(\s+\w+!: )(\w+)( \| undefined \| null)?$/gm, (line, head, type, optional = '') => {
    if (!entityNames.has(type)) return line;
    wrapped = true;
    return `${head}Relation<${type}>${optional}`;
  });
  return wrapped ? `import type {Relation} from "typeorm"\n${result}` : result;
}

for (const [dir, file] of [...readdirSync(generatedDir).map((file) => [generatedDir, file]), [modelDir, 'index.ts']]) {
  if (!file.endsWith('.ts')) continue;
  const path = join(dir, file);
  const source = readFileSync(path, 'utf8');
  const edited = withRelationTypes(withJsExtensions(source, dir));
  if (edited !== source) writeFileSync(path, edited);
}

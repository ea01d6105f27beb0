import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** squid/ (the cwd of squid-graphql-server, squid-typeorm-migration and the processor). */
export const SQUID_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const REPO_DIR = join(SQUID_DIR, '..');
export const BIN_DIR = join(REPO_DIR, 'node_modules/.bin');
export const LIB_DIR = join(SQUID_DIR, 'lib');

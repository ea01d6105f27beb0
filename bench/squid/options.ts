/** The squid bench's knobs (environment variables, see USAGE and bench/README.md) and its output helpers. */

export const USAGE = `Usage: npm run bench:squid     (knobs are environment variables)

  BENCH_ORDERS=100000        orders on the generated chain (3 indexed events each, plus shipments etc.)
  BENCH_BUYERS=300           buyers placing them       BENCH_SELLERS=5         sellers, one store each
  BENCH_LISTINGS=200         listings per store        BENCH_DAYS=14           days of sales (dev_timeTravel)
  BENCH_CALLS=50             create_order calls per utility.batchAll extrinsic
  BENCH_PER_BLOCK=10         such extrinsics per block
  BENCH_RPC=ws               the processor's RPC transport while indexing (ws or http)
  BENCH_DURATION=30          seconds of load per GraphQL query      BENCH_CONNECTIONS=50  autocannon connections
  BENCH_LAG_BLOCKS=200       blocks measured for the index lag      BENCH_BLOCK_MS=500    devnet block time there
  BENCH_FINALITY_LAG=2       devnet finality lag there              BENCH_POLL_MS=20      GraphQL polling period
  RPC_HEAD_POLL_MS           the processor's head poll over HTTP (the squid's default when unset)
  GQL_POLL_MS, GQL_*         the GraphQL server's flags, as in the squid's serve command
  BENCH_SERVE=serve          the squid command whose server flags are used (serve:prod adds a 1 s response cache)
  BENCH_SKIP=load,lag        skip parts (index, load, lag; index is needed by load)
  BENCH_CACHE_DIR            where generated chains are kept (default .data/bench-squid)
  BENCH_LOG=1                echo the children's output`;

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} expects a non-negative integer, got "${raw}"\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

export function step(message: string): void {
  console.error(`[bench:squid] ${new Date().toISOString().slice(11, 19)} ${message}`);
}

export const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const ms = (value: number) => (value < 10 ? `${fmt(value, 1)} ms` : `${fmt(value)} ms`);
export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

export const opts = {
  chain: {
    orders: intEnv('BENCH_ORDERS', 100_000),
    buyers: Math.max(1, intEnv('BENCH_BUYERS', 300)),
    sellers: Math.max(1, intEnv('BENCH_SELLERS', 5)),
    listingsPerStore: Math.max(1, intEnv('BENCH_LISTINGS', 200)),
    days: Math.max(1, intEnv('BENCH_DAYS', 14)),
    callsPerExtrinsic: Math.max(1, intEnv('BENCH_CALLS', 50)),
    extrinsicsPerBlock: Math.max(1, intEnv('BENCH_PER_BLOCK', 10)),
  },
  rpc: process.env.BENCH_RPC === 'http' ? 'http' : 'ws',
  duration: Math.max(1, intEnv('BENCH_DURATION', 30)),
  connections: Math.max(1, intEnv('BENCH_CONNECTIONS', 50)),
  lagBlocks: Math.max(1, intEnv('BENCH_LAG_BLOCKS', 200)),
  blockMs: Math.max(50, intEnv('BENCH_BLOCK_MS', 500)),
  finalityLag: intEnv('BENCH_FINALITY_LAG', 2),
  pollMs: Math.max(1, intEnv('BENCH_POLL_MS', 20)),
  serve: process.env.BENCH_SERVE || 'serve',
  skip: new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean)),
};

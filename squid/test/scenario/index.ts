/** The squid's scripted scenario and the chain-vs-GraphQL comparison, shared by tests and benchmarks. */
export * from './chain.ts';
export * from './chain-state.ts';
export * from './compare.ts';
export * from './generate.ts';
export * from './graphql.ts';
export * from './model.ts';
export * from './run.ts';

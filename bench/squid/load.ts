import { createRequire } from 'node:module';

/** The part of autocannon 8's API the bench uses (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  latency: { p50: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (
  options: {
    url: string;
    connections: number;
    duration: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: AutocannonRequest[];
  },
  callback: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface GraphqlQuery {
  readonly name: string;
  /** The query text with `$`-variables. */
  readonly query: string;
  /** Variables of the n-th request (ids rotate so that not every request hits the same row). */
  readonly variables: (n: number) => Record<string, unknown>;
  /** Checks one answer's data (a sample request is made before the load); returns a description of it. */
  readonly check: (data: Record<string, unknown>) => string;
}

export interface LoadResult {
  readonly p50: number;
  readonly p99: number;
  readonly requestsPerSecond: number;
  readonly total: number;
  readonly errors: number;
  readonly sample: string;
}

/** One GraphQL request; throws on an HTTP error or a GraphQL error. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors.map((error) => error.message).join('; ')}`);
  return body.data as T;
}

/** Checks the query once, then runs autocannon against it: `connections` connections for `seconds` seconds. */
export async function loadQuery(
  url: string,
  query: GraphqlQuery,
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  const sample = query.check(await graphql(url, query.query, query.variables(0)));
  let n = 0;
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    autocannon(
      {
        url,
        connections: options.connections,
        duration: options.seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ query: query.query, variables: query.variables(++n) }),
            }),
          },
        ],
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    );
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    requestsPerSecond: result.requests.total / result.duration,
    total: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    sample,
  };
}

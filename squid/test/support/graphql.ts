/** A minimal client for the squid's GraphQL API (openreader), without vitest or a database: the scenario uses it too. */

export interface GqlResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly data?: T;
  readonly errors?: { message: string; [key: string]: unknown }[];
}

/** POSTs a GraphQL query; returns the HTTP status and the body's data/errors, whatever they are. */
export async function gqlResponse<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: T; errors?: GqlResponse['errors'] } = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: `not JSON (HTTP ${response.status}): ${text.slice(0, 500)}` }] };
  }
  return { status: response.status, data: body.data ?? undefined, errors: body.errors };
}

/** POSTs a GraphQL query and returns its data; throws on any GraphQL or HTTP error. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await gqlResponse<T>(url, query, variables);
  if (response.errors?.length || response.status !== 200 || response.data === undefined) {
    throw new Error(
      `GraphQL ${response.status}: ${JSON.stringify(response.errors ?? 'no data')}\nquery: ${query.trim()}`,
    );
  }
  return response.data;
}

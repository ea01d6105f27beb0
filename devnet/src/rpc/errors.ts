/**
 * Error codes answered by the server, with the values of jsonrpsee (`types/src/error.rs`),
 * the JSON-RPC server library of Substrate nodes.
 */
export const RpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  TooManySubscriptions: -32006,
  OversizedRequest: -32007,
  OversizedResponse: -32008,
  TooBigBatchRequest: -32010,
  TooBigBatchResponse: -32011,
} as const;

/** The messages jsonrpsee sends with the codes of {@link RpcErrorCode}. */
export const RpcErrorMessage = {
  ParseError: 'Parse error',
  InvalidRequest: 'Invalid request',
  MethodNotFound: 'Method not found',
  InvalidParams: 'Invalid params',
  InternalError: 'Internal error',
  TooManySubscriptions: 'Too many subscriptions on the connection',
  OversizedRequest: 'Request is too big',
  OversizedResponse: 'Response is too big',
  TooBigBatchRequest: 'The batch request was too large',
  TooBigBatchResponse: 'The batch response was too large',
} as const;

/**
 * Thrown by a handler to answer with exactly this JSON-RPC error,
 * e.g. `new RpcError(1010, 'Invalid Transaction', 'Transaction has a bad signature')`.
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';

  constructor(
    readonly code: number,
    message: string,
    /** Any JSON value, sent as the error's `data`; omitted when `undefined`. */
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** jsonrpsee's `data` for every limit error, e.g. `"Exceeded max limit of 15728640"`. */
export function limitExceeded(limit: number): string {
  return `Exceeded max limit of ${limit}`;
}

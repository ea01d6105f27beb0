// JSON-RPC messages are assembled from already-encoded parts so that every value is stringified exactly once.

/** A request id as jsonrpsee accepts it: null, an unsigned integer or a string. */
export type RequestId = null | number | string;

export function encodeId(id: RequestId): string {
  return typeof id === 'string' ? JSON.stringify(id) : String(id);
}

/** Like `JSON.stringify`, but `undefined` (and functions) become `null`; throws on BigInt and cycles. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

export function successResponse(idJson: string, resultJson: string): string {
  return `{"jsonrpc":"2.0","id":${idJson},"result":${resultJson}}`;
}

export function errorResponse(idJson: string, code: number, message: string, dataJson?: string): string {
  const data = dataJson === undefined ? '' : `,"data":${dataJson}`;
  return `{"jsonrpc":"2.0","id":${idJson},"error":{"code":${code},"message":${JSON.stringify(message)}${data}}}`;
}

/** `notificationJson` is the already-encoded method name; subscription ids are alphanumeric and need no escaping. */
export function subscriptionNotification(notificationJson: string, subscriptionId: string, resultJson: string): string {
  return `{"jsonrpc":"2.0","method":${notificationJson},"params":{"subscription":"${subscriptionId}","result":${resultJson}}}`;
}

/** Whether the UTF-8 encoding of `text` is longer than `limit` bytes, without encoding it when the length decides. */
export function exceedsByteLength(text: string, limit: number): boolean {
  // Each UTF-16 code unit takes one to three UTF-8 bytes.
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return Buffer.byteLength(text, 'utf8') > limit;
}

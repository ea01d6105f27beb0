/** Content types for gateway responses: from the file name's extension, else sniffed from the first bytes. */

const BY_EXTENSION: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  woff2: 'font/woff2',
  car: 'application/vnd.ipld.car',
};

export function contentTypeFromName(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

export function sniffContentType(head: Uint8Array): string {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(head, [0x66, 0x74, 0x79, 0x70], 4)) {
    const brand = new TextDecoder().decode(head.subarray(8, 12));
    if (brand === 'avif') return 'image/avif';
    return 'video/mp4';
  }
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(head, [0x00, 0x61, 0x73, 0x6d])) return 'application/wasm';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 512));
  const binary = head.subarray(0, 512).some((b) => b <= 0x08 || (b >= 0x0e && b <= 0x1a));
  // a multi-byte character cut at the end of the head may decode as U+FFFD: look before it
  if (binary || text.slice(0, -4).includes('\uFFFD')) return 'application/octet-stream';
  const trimmed = text.trimStart().toLowerCase();
  if (trimmed.startsWith('<svg') || (trimmed.startsWith('<?xml') && trimmed.includes('<svg'))) return 'image/svg+xml';
  if (
    trimmed.startsWith('<!doctype html') ||
    trimmed.startsWith('<html') ||
    trimmed.startsWith('<head') ||
    trimmed.startsWith('<body') ||
    trimmed.startsWith('<script')
  ) {
    return 'text/html; charset=utf-8';
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      JSON.parse(new TextDecoder().decode(head));
      return 'application/json';
    } catch {
      // a truncated head or not JSON: plain text
    }
  }
  return 'text/plain; charset=utf-8';
}

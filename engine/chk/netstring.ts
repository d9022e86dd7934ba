/** Netstrings (`<decimal length>:<bytes>,`), the framing Tahoe-LAFS uses for hash tags and the URI extension block. */

const encoder = new TextEncoder();

export function netstring(value: Uint8Array | string): Uint8Array {
  const body = typeof value === 'string' ? encoder.encode(value) : value;
  const head = encoder.encode(`${body.length}:`);
  const out = new Uint8Array(head.length + body.length + 1);
  out.set(head, 0);
  out.set(body, head.length);
  out[out.length - 1] = 0x2c; // ','
  return out;
}

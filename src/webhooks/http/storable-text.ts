import { isUtf8 } from 'node:buffer';

/**
 * What a receiver sends back is stored in `text` and `jsonb` columns, which refuse a NUL character and bytes that
 * are not UTF-8. So everything taken from outside is made storable here, at the edge, before it can reach a
 * batch of results: one receiver answering binary must never make another delivery's result unrecordable.
 */

/** Bytes shown as themselves: tab, line feed, carriage return and everything printable in ASCII. */
function isPlainByte(byte: number): boolean {
  return byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f);
}

/** Length of the UTF-8 sequence a lead byte starts, or 0 when it cannot start one. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

const hex = (byte: number) => `\\x${byte.toString(16).padStart(2, '0')}`;

/**
 * The bytes as text PostgreSQL stores: UTF-8 text as it is; a NUL, another control character or a byte that is
 * not part of valid UTF-8 as `\xNN`, so a binary answer (protobuf, gzip, zeros) stays readable for triage.
 * `truncated` says the bytes were cut from a longer body: a character cut in half at the end is then dropped
 * rather than shown as escapes.
 */
export function storableBytes(bytes: Buffer, truncated = false): string {
  let end = bytes.length;
  if (truncated) end = withoutCutCharacter(bytes);
  const head = bytes.subarray(0, end);
  if (isUtf8(head) && !head.some((byte) => byte < 0x80 && !isPlainByte(byte))) return head.toString('utf8');
  let text = '';
  for (let i = 0; i < head.length; ) {
    const byte = head[i];
    if (byte < 0x80) {
      text += isPlainByte(byte) ? String.fromCharCode(byte) : hex(byte);
      i++;
      continue;
    }
    const length = sequenceLength(byte);
    const sequence = head.subarray(i, i + length);
    if (length > 0 && sequence.length === length && isUtf8(sequence)) {
      text += sequence.toString('utf8');
      i += length;
    } else {
      text += hex(byte);
      i++;
    }
  }
  return text;
}

/** Where the bytes end once an incomplete UTF-8 sequence at the very end is dropped. */
function withoutCutCharacter(bytes: Buffer): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) !== 0x80) {
      const length = sequenceLength(byte);
      return length > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

/** A string from outside (an error message that may quote a receiver's header) made storable the same way. */
export function storableString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.toWellFormed().replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (char) => hex(char.charCodeAt(0)));
}

import { describe, expect, it } from '@jest/globals';
import { storableBytes, storableString } from './storable-text';

const bytes = (...values: number[]) => Buffer.from(values);

describe('storableBytes', () => {
  it.each([
    ['UTF-8 text as it is', Buffer.from('{"ok":true}\n\té€😀'), '{"ok":true}\n\té€😀'],
    ['an empty body', Buffer.alloc(0), ''],
    ['a NUL as \\x00', bytes(0x61, 0x00, 0x62), 'a\\x00b'],
    ['control characters other than tab, LF and CR, and DEL', bytes(0x01, 0x1b, 0x7f, 0x0d, 0x0a), '\\x01\\x1b\\x7f\r\n'],
    ['bytes that are not UTF-8, keeping the text around them', bytes(0x1f, 0x8b, 0x08, 0x61, 0xc3, 0xa9, 0xff), '\\x1f\\x8b\\x08aé\\xff'],
    ['an overlong encoding byte by byte', bytes(0xc0, 0xaf), '\\xc0\\xaf'],
    ['an encoded surrogate (not UTF-8) byte by byte', bytes(0xed, 0xa0, 0x80), '\\xed\\xa0\\x80'],
    ['a sequence cut short in the middle', bytes(0xe2, 0x82, 0x61), '\\xe2\\x82a'],
  ])('%s', (_, input, stored) => {
    expect(storableBytes(input)).toBe(stored);
  });

  it('drops a character cut in half at the end of a truncated body, not one that is whole', () => {
    const euro = Buffer.from('€'); // 3 bytes
    expect(storableBytes(Buffer.concat([Buffer.from('ab'), euro.subarray(0, 2)]), true)).toBe('ab');
    expect(storableBytes(Buffer.concat([Buffer.from('ab'), euro]), true)).toBe('ab€');
    expect(storableBytes(Buffer.concat([Buffer.from('ab'), euro.subarray(0, 2)]), false)).toBe('ab\\xe2\\x82');
  });

  it('always gives text PostgreSQL stores: no NUL, well-formed', () => {
    for (let seed = 0; seed < 200; seed++) {
      const random = Buffer.from(Array.from({ length: 64 }, (_, i) => (seed * 131 + i * 37) % 256));
      const text = storableBytes(random);
      expect(text.includes('\u0000')).toBe(false);
      expect(text.isWellFormed()).toBe(true);
    }
  });
});

describe('storableString', () => {
  it.each([
    ['text as it is', 'ECONNREFUSED é', 'ECONNREFUSED é'],
    ['a NUL and control characters escaped', 'bad\u0000header\u0007', 'bad\\x00header\\x07'],
    ['an unpaired surrogate replaced', 'a\ud800b', 'a\ufffdb'],
  ])('%s', (_, input, stored) => {
    expect(storableString(input)).toBe(stored);
  });
});

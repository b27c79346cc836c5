import fc from 'fast-check';

/**
 * JSON text, not JavaScript values: the fuzzer must be able to send what JSON.stringify never produces (duplicate
 * keys, `__proto__` as a plain key, numbers beyond double range) and what a JavaScript object cannot hold.
 */

/** Characters and fragments that broke or could break something: NUL, lone surrogates, separators, escapes. */
const HOSTILE_PIECES = [
  '\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', '\uffff', '\ufeff', '\u2028', '\u2029', '\u0085',
  '\u001b', '\u007f', '"', '\\', "'", '%00', '%', '../', '/', '?', '#', '&', '=', '{', '[', '$where', '<script>', ' ',
];
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'then'];

/** Nothing in a generated string may parse as an http(s) URL: the tier's traffic stays on 127.0.0.1. */
const looksLikeHttpUrl = (text: string) => /https?:/i.test(text.replace(/[\t\n\r]/g, ''));

export const hostileString: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
    { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 4 })), { maxLength: 6 }).map((parts) => parts.join('')) },
    // around the documented limits: agent_id 200, a step error 10,000, metadata 64 KiB
    { weight: 1, arbitrary: fc.constantFrom(199, 200, 201, 2048, 2049, 10_000, 10_001, 65_536, 70_000).map((n) => 'x'.repeat(n)) },
  )
  .filter((text) => !looksLikeHttpUrl(text));

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: hostileString.filter((key) => key.length < 64) },
);

export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom('1e400', '-1e400', '1e-400', '-0', '0.1e1', '9007199254740993', '123456789012345678901234567890.5', '1E+2'),
);

const literal: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('null', 'true', 'false'),
  numberText,
  hostileString.map((text) => JSON.stringify(text)),
);

const objectText = (entries: [string, string][]) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
const arrayText = (items: string[]) => `[${items.join(',')}]`;

/** Any JSON value, a few levels deep, small enough to generate hundreds of. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    fc.array(tie('value'), { maxLength: 5 }).map(arrayText),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 5 }).map(objectText),
  ),
})).value;

/** A JSON object's text, for metadata-like fields. */
export const jsonObjectText: fc.Arbitrary<string> = fc.array(fc.tuple(hostileKey, jsonText), { maxLength: 6 }).map(objectText);

/** Shapes that cost the server in proportion to their size or depth: around the 32-level and 16-field limits, wide arrays. */
export const costlyShapeText: fc.Arbitrary<string> = fc.oneof(
  fc.record({ depth: fc.integer({ min: 28, max: 40 }), arrays: fc.boolean() }).map(({ depth, arrays }) =>
    arrays ? `{"metadata":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}` : `{"metadata":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
  ),
  // a top-level array of many items, under and over the 256 KiB body limit
  fc.record({ items: fc.integer({ min: 1_000, max: 140_000 }), item: fc.constantFrom('0', '{}', '[]', '"x"', 'null', '{"status":"completed"}') }).map(
    ({ items, item }) => arrayText(new Array<string>(Math.min(items, Math.floor(300_000 / (item.length + 1)))).fill(item)),
  ),
  fc.record({ items: fc.integer({ min: 1_000, max: 60_000 }) }).map(({ items }) => `{"metadata":{"list":${arrayText(new Array<string>(items).fill('1'))}}}`),
  fc.integer({ min: 1_000, max: 20_000 }).map((keys) => `{"metadata":${objectText(Array.from({ length: keys }, (_, i) => [`k${i}`, '1']))}}`),
  fc.integer({ min: 14, max: 20 }).map((fields) => objectText(Array.from({ length: fields }, (_, i) => [`f${i}`, 'null']))),
);

/** Bodies that are not one well-formed JSON document. */
export const malformedText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '{', '}', '[', '{"a":}', '{"a" 1}', "{'a':1}", '{"a":1,}', 'nul', '"text"', '42', 'null', '\u0000', '{"a":"\\ud800"}', '{"a":"\\x00"}', '\ufeff{}', '{}{}', '[] []'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(jsonObjectText, fc.integer({ min: 0, max: 40 })).map(([text, cut]) => text.slice(0, Math.max(0, text.length - cut))),
);

import fc from 'fast-check';
import type { ReceiverAct } from '../support/scripted-receiver';

/** Statuses a receiver may answer; 1xx are not final answers and are left out. */
const status: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(200, 201, 202, 204) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 299 }) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 399 }) },
  { weight: 2, arbitrary: fc.integer({ min: 400, max: 499 }) },
  { weight: 2, arbitrary: fc.constantFrom(410, 429, 503) },
  { weight: 2, arbitrary: fc.integer({ min: 500, max: 599 }) },
);

const printable = (min: number, max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });

/** Any header Node lets a server send, plus the ones the sender reads or could trip over. */
const header: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(fc.stringMatching(/^x-[a-z0-9-]{1,16}$/), printable(0, 200)),
  fc.tuple(fc.constant('content-type'), fc.constantFrom('application/json', 'text/html; charset=latin1', 'application/octet-stream', 'nonsense')),
  fc.tuple(fc.constant('content-encoding'), fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus')),
  fc.tuple(fc.constant('retry-after'), fc.constantFrom('0', '1', '3600', '-5', '99999999999', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT', 'Fri, 01 Jan 2100 00:00:00 GMT', '')),
  fc.tuple(fc.constant('location'), fc.constantFrom('/elsewhere', 'http://127.0.0.1:1/elsewhere', '')),
  fc.tuple(fc.constant('connection'), fc.constant('close')),
);

/** Response bodies: text, binary, NUL bytes, invalid UTF-8, bytes that claim to be gzip, more than the 1 KiB kept. */
const body: fc.Arbitrary<Buffer> = fc.oneof(
  printable(0, 300).map((text) => Buffer.from(text)),
  printable(1025, 4000).map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
  fc.tuple(printable(0, 50), printable(0, 50)).map(([a, b]) => Buffer.from(`${a}\u0000${b}`)),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(bytes)])),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from(bytes)])),
);

const respond: fc.Arbitrary<ReceiverAct> = fc
  .record({
    status,
    headers: fc.array(header, { maxLength: 4 }),
    body,
    trickle: fc.option(fc.record({ chunkBytes: fc.integer({ min: 1, max: 300 }), pauseMs: fc.integer({ min: 1, max: 40 }) }), { freq: 4, nil: undefined }),
  })
  // 204 and 304 carry no body in HTTP: Node refuses to write one
  .map(({ trickle, ...act }) => ({ kind: 'respond' as const, ...act, body: act.status === 204 || act.status === 304 ? Buffer.alloc(0) : act.body, ...(trickle ? { trickle } : {}) }));

export const receiverAct: fc.Arbitrary<ReceiverAct> = fc.oneof(
  { weight: 8, arbitrary: respond },
  { weight: 1, arbitrary: fc.constant({ kind: 'hang' as const }) },
  { weight: 1, arbitrary: status.map((s) => ({ kind: 'hang-after-headers' as const, status: s === 204 || s === 304 ? 200 : s })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const, after: 'request' as const, status: 0 }) },
  { weight: 1, arbitrary: status.map((s) => ({ kind: 'reset' as const, after: 'headers' as const, status: s === 204 || s === 304 ? 200 : s })) },
);

/** One job whose callback receiver plays `acts`, one per attempt it may get. */
export interface DeliveryCase {
  acts: ReceiverAct[];
  finalStatus: 'completed' | 'failed' | 'cancelled';
  note: string;
}

export function deliveryCase(maxAttempts: number): fc.Arbitrary<DeliveryCase> {
  return fc.record({
    acts: fc.array(receiverAct, { minLength: maxAttempts, maxLength: maxAttempts }),
    finalStatus: fc.constantFrom('completed' as const, 'failed' as const, 'cancelled' as const),
    note: printable(0, 40),
  });
}

/** For counterexamples: bodies by length and first bytes, not as thousands of numbers. */
export function describeAct(act: ReceiverAct): string {
  if (act.kind !== 'respond') return JSON.stringify(act);
  const trickle = act.trickle ? ` trickled ${act.trickle.chunkBytes} B / ${act.trickle.pauseMs} ms` : '';
  return `${act.status} ${JSON.stringify(act.headers)} body ${act.body.length} B ${act.body.subarray(0, 24).toString('hex')}${trickle}`;
}

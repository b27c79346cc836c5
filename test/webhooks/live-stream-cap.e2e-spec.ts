import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryEventStream } from '../../src/webhooks/live/delivery-event-stream';
import { eventually } from '../support/poll';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const KEY = 'api-key-for-stream-cap';
const CAP = 32; // the per-process cap the README documents

interface Answer {
  response: IncomingMessage;
  body: Promise<string>;
}

/** Opens a live stream and resolves with its response as soon as the headers arrive (a refusal's body follows). */
function openStream(port: number, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, agent, path: '/v1/deliveries/stream', headers: { authorization: `Bearer ${KEY}` } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      const body = new Promise<string>((done) => {
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(text));
        response.on('close', () => done(text));
      });
      resolve({ response, body });
    })
      .on('error', reject)
      .end();
  });
}

describe('the live stream cap', () => {
  let t: TestApp;
  let port: number;
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: KEY });
    await resetDatabase(t.db);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    await t.close();
  });

  it('accepts exactly the cap of 200 streams opened at once, refuses the rest with 503 and Retry-After, and frees every slot on close', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => openStream(port, agent)));
    const accepted = answers.filter((answer) => answer.response.statusCode === 200);
    const refused = answers.filter((answer) => answer.response.statusCode !== 200);
    expect(accepted).toHaveLength(CAP);
    expect(refused).toHaveLength(200 - CAP);
    for (const answer of accepted) expect(answer.response.headers['content-type']).toBe('text/event-stream');
    for (const answer of refused) {
      expect(answer.response.statusCode).toBe(503);
      expect(answer.response.headers['retry-after']).toBe('2');
      expect(JSON.parse(await answer.body)).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: `at most ${CAP} live streams per process`,
        field: 'stream',
      });
    }

    for (const answer of accepted) answer.response.destroy();
    // Every slot comes back (seen from the stream's own count, not by opening streams that would take slots again):
    // the cap's worth of new streams is accepted again, and one more is still refused.
    const streams = t.app.get(DeliveryEventStream);
    await eventually(() => streams.slotsTaken === 0, { timeoutMs: 10_000, what: 'every stream slot to be released' });
    const again = await Promise.all(Array.from({ length: CAP }, () => openStream(port, agent)));
    expect(again.map((answer) => answer.response.statusCode)).toEqual(Array.from({ length: CAP }, () => 200));
    const extra = await openStream(port, agent);
    expect(extra.response.statusCode).toBe(503);
    for (const answer of again) answer.response.destroy();
  }, 60_000);
});

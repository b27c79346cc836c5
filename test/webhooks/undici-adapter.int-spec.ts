import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import axios, { AxiosError } from 'axios';
import type { Readable } from 'node:stream';
import { Agent } from 'undici';
import { undiciAdapter } from '../../src/webhooks/http/undici-adapter';
import { Receiver, type Reply } from '../support/receiver';

/** The transport under the webhook sender's axios calls, against a real receiver on 127.0.0.1. */
describe('the undici adapter under axios', () => {
  let receiver: Receiver;
  const agent = new Agent({ connections: 2 });
  const adapter = undiciAdapter(agent);
  beforeAll(async () => {
    receiver = (await Receiver.start()).answer((request): Reply => {
      if (request.path === '/moved') return { status: 302, headers: { location: '/elsewhere' }, body: 'moved' };
      if (request.path === '/big') return { status: 500, body: 'x'.repeat(100_000) };
      return { status: 201, headers: { 'x-answer': 'yes' }, body: 'thanks' };
    });
  });
  afterAll(async () => {
    await agent.destroy();
    await receiver.stop();
  });
  const read = (stream: Readable) => new Promise<string>((done, fail) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk)).once('end', () => done(Buffer.concat(chunks).toString())).once('error', fail);
  });
  const post = (path: string, options: { validateStatus?: (status: number) => boolean } = {}) =>
    axios.post<Readable>(receiver.url(path), '{"job_id":"job-1"}', {
      adapter, headers: { 'content-type': 'application/json', 'webhook-id': 'dlv-1' }, responseType: 'stream', maxRedirects: 0, proxy: false,
      transformRequest: [(body: string) => body], validateStatus: () => true, ...options,
    });

  it('sends the method, path, body and headers as given (with the length, without asking for compression) and streams the answer', async () => {
    const response = await post('/hook?attempt=1');
    expect(response.status).toBe(201);
    expect(response.headers['x-answer']).toBe('yes');
    expect(await read(response.data)).toBe('thanks');
    const sent = receiver.requests.at(-1)!;
    expect({ method: sent.method, path: sent.path, body: sent.body }).toEqual({ method: 'POST', path: '/hook?attempt=1', body: '{"job_id":"job-1"}' });
    expect(sent.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'dlv-1', 'content-length': '18' });
    expect(sent.headers['accept-encoding']).toBeUndefined();
  });

  it('follows no redirect: the 302 is the answer', async () => {
    const before = receiver.requests.length;
    const response = await post('/moved');
    expect([response.status, response.headers.location, await read(response.data)]).toEqual([302, '/elsewhere', 'moved']);
    expect(receiver.requests.slice(before).map((request) => request.path)).toEqual(['/moved']);
  });

  it("fails as axios does when validateStatus refuses the status, with the answer's status on the error", async () => {
    const failure = await post('/big', { validateStatus: (status) => status < 500 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AxiosError);
    expect([(failure as AxiosError).code, (failure as AxiosError).response?.status]).toEqual([AxiosError.ERR_BAD_RESPONSE, 500]);
  });

  it('refuses a config that does not ask for a stream (the only answer it gives)', async () => {
    const failure = await axios.post(receiver.url('/hook'), '{}', { adapter, responseType: 'json' }).catch((error: unknown) => error);
    expect((failure as AxiosError).code).toBe(AxiosError.ERR_BAD_OPTION);
  });
});

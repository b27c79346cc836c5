import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The answer was a never-ending stream (Server-Sent Events): only its head was read. */
  streamed: boolean;
}

/**
 * One request over a real socket, with the body as exact bytes (supertest would re-encode it). A route
 * that answers with an event stream is read up to its head and closed.
 */
export function rawRequest(
  port: number,
  { method, path, contentType, body }: { method: string; path: string; contentType?: string; body?: string },
  timeoutMs: number,
): Promise<RawAnswer> {
  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { connection: 'close' };
    if (payload) headers['content-length'] = payload.length;
    if (payload && contentType !== undefined) headers['content-type'] = contentType;
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0), streamed: true });
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), streamed: false }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no complete answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

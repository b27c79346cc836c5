import type { Dispatcher } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import request from 'undici/lib/api/api-request.js';

/*
 * undici's keep-alive Agent and its request call, loaded from their own files: undici's entry point also loads
 * fetch, WebSocket, EventSource, caches and mocks — 1.1 MB of source that a process keeps in memory (as two-byte
 * strings), where these two need 0.2 MB. The paths are undici's own layout (it has no exports map); its version is
 * pinned, and test/webhooks/undici-adapter.int-spec.ts sends through them to a real receiver.
 */
export { Agent };

/** `dispatcher.request(options)`, which undici's entry point adds to every dispatcher. */
export function requestThrough(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return request.call(dispatcher, options);
}

import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { requestThrough } from './undici-agent';

/**
 * An axios adapter on an undici dispatcher (a keep-alive pool per origin). Axios stays the API the sender uses
 * (its config, errors, interceptors); only the transport under it changes, because axios's own http adapter costs
 * this process about twice the CPU per webhook-sized POST (`node bench/http-client-cost.mjs`). It does what the
 * sender needs, no more: the body as given (a string), the answer as a stream (`responseType: 'stream'`), no
 * redirects followed and no proxy (undici does neither unless told), nothing decompressed (no Accept-Encoding sent).
 */
export function undiciAdapter(dispatcher: Dispatcher): AxiosAdapter {
  return async (config: InternalAxiosRequestConfig): Promise<AxiosResponse<Readable>> => {
    if (config.responseType !== 'stream') throw new AxiosError('the undici adapter answers with a stream only', AxiosError.ERR_BAD_OPTION, config);
    const url = new URL(config.url ?? '');
    const answer = await requestThrough(dispatcher, {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: (config.method ?? 'get').toUpperCase() as Dispatcher.HttpMethod,
      headers: requestHeaders(config.headers),
      body: config.data as string | Buffer | undefined,
      signal: config.signal as AbortSignal | undefined,
    });
    const response: AxiosResponse<Readable> = {
      data: answer.body,
      status: answer.statusCode,
      statusText: answer.statusText ?? '',
      headers: AxiosHeaders.from(answer.headers as Record<string, string>),
      config,
    };
    if (config.validateStatus && !config.validateStatus(response.status)) {
      answer.body.destroy();
      const code = response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST;
      throw new AxiosError(`Request failed with status code ${response.status}`, code, config, undefined, response);
    }
    return response;
  };
}

/** Axios's merged headers (its defaults and the request's) as plain name → value pairs; unset ones left out. */
function requestHeaders(headers: InternalAxiosRequestConfig['headers']): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(AxiosHeaders.from(headers).toJSON())) {
    if (value !== undefined && value !== null) plain[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return plain;
}

import { HttpService } from '@nestjs/axios';
import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { isAxiosError } from 'axios';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { firstValueFrom } from 'rxjs';
import { AppConfig } from '../../platform/config/app-config';
import { ALLOW_PRIVATE_HINT, isBlockedAddress } from '../../platform/destination/blocked-address';
import type { AttemptResult } from './attempt-result';
import { storableBytes, storableString } from './storable-text';
import { BLOCKED_DESTINATION, guardedLookup } from './guarded-lookup';
import type { WebhookRequest } from './webhook-request';
import { keptResponseHeaders } from './kept-response-headers';
import { undiciAdapter } from './undici-adapter';
import { Agent } from './undici-agent';
import { webhookHeaders } from './webhook-headers';

/** Stored as the attempt's error: names the setting, since a local receiver in development is the usual cause. */
const BLOCKED_DESTINATION_ERROR = `blocked destination (a private, loopback or link-local address): ${ALLOW_PRIVATE_HINT}`;

const RESPONSE_BODY_LIMIT = 1024;

/** One HTTP attempt: signed POST, no redirects, a deadline for the whole exchange, never throws. */
@Injectable()
export class WebhookSender implements BeforeApplicationShutdown {
  /** Keep-alive pools, one connection per allowed concurrent attempt to an origin; guarded ones resolve through the SSRF check. */
  private readonly agents: { guarded: Agent; trusted: Agent };
  private readonly adapters: { guarded: ReturnType<typeof undiciAdapter>; trusted: ReturnType<typeof undiciAdapter> };

  constructor(
    private readonly http: HttpService,
    private readonly config: AppConfig,
  ) {
    // The attempt's own deadline (its abort signal) is the only one: undici's connect, headers and body timeouts
    // (10 s, 300 s) would otherwise end some attempts first, with other errors than "timeout after N ms".
    const options = { connections: config.webhookPerHostConcurrency, headersTimeout: 0, bodyTimeout: 0 };
    this.agents = {
      guarded: new Agent({ ...options, connect: { lookup: guardedLookup, timeout: 0 } }),
      trusted: new Agent({ ...options, connect: { timeout: 0 } }),
    };
    this.adapters = { guarded: undiciAdapter(this.agents.guarded), trusted: undiciAdapter(this.agents.trusted) };
  }

  /** After the dispatcher drained its attempts (in onModuleDestroy). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.agents.guarded.destroy(), this.agents.trusted.destroy()]);
  }

  async send(request: WebhookRequest, interrupt: AbortSignal): Promise<AttemptResult> {
    const startedAt = new Date();
    const finish = (partial: Omit<AttemptResult, 'startedAt' | 'finishedAt' | 'durationMs'>): AttemptResult => {
      const finishedAt = new Date();
      return { ...partial, startedAt, finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() };
    };
    const guarded = request.guarded && !this.config.allowPrivateNetworks;
    if (guarded && this.isBlockedLiteral(request.url)) {
      return finish({ outcome: 'blocked', statusCode: null, error: BLOCKED_DESTINATION_ERROR, responseBody: null });
    }

    // One controller and one cleared timer per attempt: AbortSignal.timeout/any would keep every finished
    // exchange reachable until its timeout fired, which at hundreds of attempts a second is a GC burden.
    const abort = new AbortController();
    const signal = abort.signal;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, request.timeoutMs);
    const onInterrupt = () => abort.abort();
    if (interrupt.aborted) abort.abort();
    else interrupt.addEventListener('abort', onInterrupt, { once: true });
    const headers = webhookHeaders(request, startedAt, this.config.signingSecret);

    try {
      const response = await firstValueFrom(
        this.http.post<Readable>(request.url, request.body, {
          headers,
          signal,
          adapter: guarded ? this.adapters.guarded : this.adapters.trusted,
          proxy: false,
          maxRedirects: 0,
          responseType: 'stream',
          validateStatus: () => true,
          transformRequest: [(body: string) => body],
        }),
      );
      const responseBody = await readHead(response.data, RESPONSE_BODY_LIMIT, signal);
      const statusCode = response.status;
      const responseHeaders = keptResponseHeaders(response.headers as Record<string, unknown>);
      if (statusCode >= 200 && statusCode < 300) return finish({ outcome: 'success', statusCode, error: null, responseBody, responseHeaders });
      const redirect = statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : '';
      return finish({
        outcome: 'http_error',
        statusCode,
        error: `HTTP ${statusCode}${redirect}`,
        responseBody,
        responseHeaders,
        retryAfterMs: statusCode === 429 || statusCode === 503 ? parseRetryAfter(response.headers['retry-after']) : undefined,
      });
    } catch (error) {
      if (interrupt.aborted && !timedOut) {
        return finish({ outcome: 'network_error', statusCode: null, error: 'interrupted by shutdown', responseBody: null, interrupted: true });
      }
      if (timedOut) {
        return finish({ outcome: 'timeout', statusCode: null, error: `timeout after ${request.timeoutMs} ms`, responseBody: null });
      }
      const code = errorCode(error);
      if (code === BLOCKED_DESTINATION) return finish({ outcome: 'blocked', statusCode: null, error: BLOCKED_DESTINATION_ERROR, responseBody: null });
      return finish({ outcome: 'network_error', statusCode: null, error: storableString(code ?? describe(error)), responseBody: null });
    } finally {
      clearTimeout(timer);
      interrupt.removeEventListener('abort', onInterrupt);
    }
  }

  private isBlockedLiteral(url: string): boolean {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return isIP(host) !== 0 && isBlockedAddress(host);
  }
}

/** The first `limit` bytes of the body as storable text (see storableBytes); stops reading there. */
function readHead(stream: Readable, limit: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', finish);
      if (!stream.readableEnded) stream.destroy();
      const body = Buffer.concat(chunks);
      resolve(storableBytes(body.subarray(0, limit), body.length > limit));
    };
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) finish();
    });
    stream.once('end', finish);
    stream.once('error', finish);
    signal.addEventListener('abort', finish, { once: true });
  });
}

function parseRetryAfter(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** undici's name for a connection the receiver closed before it answered; stored as the system's name for it. */
const TRANSPORT_CODES: Record<string, string> = { UND_ERR_SOCKET: 'ECONNRESET' };

function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  for (const code of [cause, own]) {
    if (typeof code === 'string' && code !== 'ERR_BAD_RESPONSE' && code !== 'ERR_BAD_REQUEST') return TRANSPORT_CODES[code] ?? code;
  }
  return undefined;
}

function describe(error: unknown): string {
  if (isAxiosError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

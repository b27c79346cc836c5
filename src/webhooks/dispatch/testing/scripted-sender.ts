import type { AttemptResult } from '../../http/attempt-result';
import type { WebhookRequest } from '../../http/webhook-request';

type Answer = number | 'hang';

interface OpenExchange {
  request: WebhookRequest;
  host: string;
  answer: (statusCode: number) => void;
}

/**
 * Stands in for WebhookSender in unit specs: answers each request with the status `script` picks, or holds it
 * open ('hang') until the spec answers it or the dispatcher interrupts it (shutdown), as the real sender does.
 * Counts exchanges open per host, and the most ever open at once.
 */
export class ScriptedSender {
  readonly requests: WebhookRequest[] = [];
  readonly open = new Set<OpenExchange>();
  readonly peakOpenByHost = new Map<string, number>();
  script: (request: WebhookRequest) => Answer = () => 200;

  openTo(host: string): number {
    return [...this.open].filter((exchange) => exchange.host === host).length;
  }

  /** Answers every exchange held open (to `host`, or all) with `statusCode`. */
  answerOpen(statusCode: number, host?: string): void {
    for (const exchange of [...this.open]) if (!host || exchange.host === host) exchange.answer(statusCode);
  }

  send(request: WebhookRequest, interrupt: AbortSignal): Promise<AttemptResult> {
    this.requests.push(request);
    const startedAt = new Date();
    const answer = this.script(request);
    if (answer !== 'hang') return Promise.resolve(resultOf(answer, startedAt));
    const host = new URL(request.url).host;
    return new Promise((done) => {
      const exchange: OpenExchange = {
        request,
        host,
        answer: (statusCode) => {
          this.open.delete(exchange);
          interrupt.removeEventListener('abort', interrupted);
          done(resultOf(statusCode, startedAt));
        },
      };
      const interrupted = () => {
        this.open.delete(exchange);
        done({ ...resultOf(0, startedAt), outcome: 'network_error', error: 'interrupted by shutdown', interrupted: true });
      };
      interrupt.addEventListener('abort', interrupted, { once: true });
      this.open.add(exchange);
      this.peakOpenByHost.set(host, Math.max(this.peakOpenByHost.get(host) ?? 0, this.openTo(host)));
    });
  }
}

function resultOf(statusCode: number, startedAt: Date): AttemptResult {
  const finishedAt = new Date();
  const ok = statusCode >= 200 && statusCode < 300;
  return {
    outcome: ok ? 'success' : 'http_error',
    startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    statusCode: statusCode === 0 ? null : statusCode,
    error: ok ? null : `HTTP ${statusCode}`,
    responseBody: ok ? 'ok' : null,
  };
}

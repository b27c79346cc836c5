/** One answer of the API as a client saw it; status 0: no answer at all (refused, reset, or over the time limit). */
export interface LoadAnswer {
  phase: string;
  request: string;
  status: number;
  retryAfter: string | null;
  /** A repeat of a request whose earlier answer left its outcome unknown (503 or no answer). */
  isRetry: boolean;
  error?: string;
}

/** What the load knows about one job it created: 201 seen, and whether the API confirmed it completed (200). */
export interface LoadJob {
  phase: string;
  completionConfirmed: boolean;
}

/** No single request may take longer: a hang is recorded as status 0, not waited out. */
const REQUEST_LIMIT_MS = 20_000;
/** A client's pause before repeating a request answered 503 (shorter than Retry-After, to keep tests short). */
const RETRY_PAUSE_MS = 200;
const MAX_COMPLETION_ATTEMPTS = 60;
/** After stop(), a client still repeats an unconfirmed completion this long, so few outcomes stay unknown. */
const SETTLE_AFTER_STOP_MS = 15_000;

/**
 * `clients` concurrent clients, each creating a job with a callback_url and completing it, over and over, as a
 * careful client would: a completion answered 503 (or not answered) is repeated until it is answered; a create
 * answered 503 is given up (a job it may have created stays unconfirmed). Every answer and every job created
 * is kept, tagged with the phase the load was started for, for the test to check.
 */
export class CompletionLoad {
  readonly answers: LoadAnswer[] = [];
  private running = true;
  private stoppedAt = Infinity;
  private readonly clients: Promise<void>[];

  private constructor(
    private readonly serviceUrl: string,
    private readonly callbackUrl: string,
    private readonly phase: string,
    private readonly jobs: Map<string, LoadJob>,
    { clients, feedReaders }: { clients: number; feedReaders: number },
  ) {
    this.clients = [...Array.from({ length: clients }, () => this.client()), ...Array.from({ length: feedReaders }, () => this.feedReader())];
  }

  /** `jobs` is shared between loads, so one check can cover the jobs of every phase. */
  static start(
    serviceUrl: string,
    callbackUrl: string,
    phase: string,
    jobs: Map<string, LoadJob>,
    size: { clients: number; feedReaders: number },
  ): CompletionLoad {
    return new CompletionLoad(serviceUrl, callbackUrl, phase, jobs, size);
  }

  /** Completions this load got confirmed so far. */
  get confirmedCompletions(): number {
    return this.answers.filter((answer) => answer.request === 'complete' && answer.status === 200).length;
  }

  /** Stops creating jobs; resolves once every client finished its job (or gave up on it, bounded in time). */
  async stop(): Promise<void> {
    this.running = false;
    this.stoppedAt = Date.now();
    await Promise.all(this.clients);
  }

  private async client(): Promise<void> {
    while (this.running) {
      const created = await this.send('create', 'POST', '/v1/jobs', { callback_url: this.callbackUrl }, false);
      if (created.status !== 201) {
        if (created.status === 503 || created.status === 0) await pause(RETRY_PAUSE_MS);
        continue;
      }
      const id = (created.body as { id: string }).id;
      this.jobs.set(id, { phase: this.phase, completionConfirmed: false });
      await this.complete(id);
    }
  }

  /** Follows the event feed as a dashboard or a consumer does: the next page after the last sequence seen. */
  private async feedReader(): Promise<void> {
    let after = 0;
    while (this.running) {
      const page = await this.send('read feed', 'GET', `/v1/events?after=${after}&limit=100`, undefined, false);
      const events = (page.body ?? []) as { sequence: number }[];
      if (events.length > 0) after = events[events.length - 1].sequence;
      else await pause(page.status === 200 ? 20 : RETRY_PAUSE_MS);
    }
  }

  private async complete(id: string): Promise<void> {
    for (let attempt = 1; attempt <= MAX_COMPLETION_ATTEMPTS && Date.now() < this.stoppedAt + SETTLE_AFTER_STOP_MS; attempt++) {
      const answer = await this.send('complete', 'PATCH', `/v1/jobs/${id}`, { status: 'completed' }, attempt > 1);
      if (answer.status === 200) {
        this.jobs.set(id, { phase: this.phase, completionConfirmed: true });
        return;
      }
      if (answer.status !== 503 && answer.status !== 0) return; // any other answer is the test's to judge
      await pause(RETRY_PAUSE_MS);
    }
  }

  private async send(request: string, method: string, path: string, body: object | undefined, isRetry: boolean): Promise<{ status: number; body?: unknown }> {
    try {
      const response = await fetch(`${this.serviceUrl}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(REQUEST_LIMIT_MS),
      });
      const text = await response.text();
      this.answers.push({ phase: this.phase, request, status: response.status, retryAfter: response.headers.get('retry-after'), isRetry });
      return { status: response.status, body: response.ok ? JSON.parse(text) : undefined };
    } catch (error) {
      this.answers.push({ phase: this.phase, request, status: 0, retryAfter: null, isRetry, error: String(error) });
      return { status: 0 };
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

import type { RecordedAttempt, RecordedDelivery } from '../support/recorded-delivery';
import type { ReceiverAct, ScriptedRequest } from '../support/scripted-receiver';

export interface JobRow {
  id: string;
  status: string;
  completed_at: string;
  metadata: unknown;
  callback_sent_at: string | null;
  callback_status_code: number | null;
  callback_error: string | null;
}

export interface DeliveryRules {
  scheduleMs: number[];
  timeoutMs: number;
}

/** The schedule's delays may be late on a loaded machine, never early (−20% jitter, a few ms of rounding). */
const EARLY_TOLERANCE_MS = 5;
const LATE_SLACK_MS = 3000;

const httpError = (status: number) => `HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`;
const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

/** What one attempt may have recorded after the receiver played `act`; a problem description, or undefined. */
function attemptProblem(act: ReceiverAct, attempt: RecordedAttempt, rules: DeliveryRules): string | undefined {
  const answered = (status: number) =>
    attempt.status_code === status && attempt.error === (isSuccess(status) ? null : httpError(status)) ? undefined : `expected ${status} / ${isSuccess(status) ? 'no error' : httpError(status)}`;
  const noAnswer = () => (attempt.status_code === null && attempt.error !== null && !attempt.error.startsWith('timeout') ? undefined : 'expected a connection error');
  switch (act.kind) {
    case 'respond':
    case 'hang-after-headers':
      // once the headers are in, the status decides, whatever happens to the body
      return answered(act.status);
    case 'hang':
      return attempt.status_code === null && attempt.error === `timeout after ${rules.timeoutMs} ms` ? undefined : 'expected a timeout';
    case 'reset':
      // after the headers the reset may overtake them on the wire: either outcome is right
      return act.after === 'request' ? noAnswer() : answered(act.status) && noAnswer();
  }
}

/** The part of the response body the attempt log must show, when the receiver's bytes make it predictable. */
function expectedResponseBody(act: ReceiverAct): string | undefined {
  if (act.kind !== 'respond' || act.headers.some(([name]) => name === 'content-encoding')) return undefined;
  const head = act.body.subarray(0, 1024);
  return head.every((byte) => byte >= 0x20 && byte <= 0x7e) ? head.toString('latin1') : undefined;
}

/**
 * Every rule one delivery must satisfy once it has settled, as a list of problems (empty when all hold):
 * one attempt row per request the receiver saw, each consistent with what the receiver did; the retry
 * schedule (2xx and 410 stop, otherwise schedule length + 1 attempts at most, spaced by the schedule); one
 * webhook-id and one body for all of them; and the job's callback_* columns showing the last attempt.
 */
export function deliveryProblems(
  acts: ReceiverAct[],
  requests: ScriptedRequest[],
  delivery: RecordedDelivery,
  job: JobRow,
  rules: DeliveryRules,
): string[] {
  const problems: string[] = [];
  const attempts = delivery.attempts;
  if (requests.length !== attempts.length) problems.push(`the receiver saw ${requests.length} requests, ${attempts.length} attempts are recorded`);
  const last = attempts[attempts.length - 1];
  if (!last) return [...problems, 'no attempt recorded'];

  attempts.forEach((attempt, i) => {
    if (attempt.number !== i + 1) problems.push(`attempt ${i + 1} is numbered ${attempt.number}`);
    const act = acts[i];
    const problem = act && attemptProblem(act, attempt, rules);
    if (problem) problems.push(`attempt ${i + 1} recorded ${attempt.status_code} / ${attempt.error}: ${problem}`);
    const body = act && expectedResponseBody(act);
    if (body !== undefined && (attempt.response_body === null || !body.startsWith(attempt.response_body) || (!('trickle' in act && act.trickle) && attempt.response_body !== body))) {
      problems.push(`attempt ${i + 1} shows response body ${JSON.stringify(attempt.response_body?.slice(0, 80))}, sent ${JSON.stringify(body.slice(0, 80))}`);
    }
    const stops = isSuccess(attempt.status_code) || attempt.status_code === 410 || i >= rules.scheduleMs.length;
    const isLast = i === attempts.length - 1;
    if (stops !== isLast) problems.push(`attempt ${i + 1} (${attempt.status_code} / ${attempt.error}) ${stops ? 'should have been the last' : 'should have been retried'}`);
    const outcome = !isLast ? 'retrying' : isSuccess(attempt.status_code) ? 'succeeded' : 'dead_lettered';
    if (attempt.outcome !== outcome) problems.push(`attempt ${i + 1} outcome ${attempt.outcome}, expected ${outcome}`);
    const next = attempts[i + 1];
    if (next) {
      const gap = Date.parse(next.started_at) - Date.parse(attempt.started_at);
      const scheduled = rules.scheduleMs[i];
      const earliest = attempt.duration_ms + 0.8 * scheduled - EARLY_TOLERANCE_MS;
      const latest = attempt.duration_ms + 2 * scheduled + LATE_SLACK_MS;
      if (gap < earliest || gap > latest) problems.push(`attempt ${i + 2} started ${gap} ms after attempt ${i + 1}; the schedule allows ${Math.round(earliest)}–${latest} ms`);
    }
  });

  const expectedStatus = isSuccess(last.status_code) ? 'succeeded' : 'dead_lettered';
  if (delivery.status !== expectedStatus || delivery.next_attempt_at !== null || delivery.attempt_count !== attempts.length) {
    problems.push(`delivery is ${delivery.status} (next ${delivery.next_attempt_at}, count ${delivery.attempt_count}); expected ${expectedStatus}, no next attempt, count ${attempts.length}`);
  }

  const ids = new Set(requests.map((r) => r.headers['webhook-id']));
  if (ids.size !== 1 || !ids.has(delivery.id)) problems.push(`webhook-ids ${JSON.stringify([...ids])}, expected only ${delivery.id}`);
  const bodies = new Set(requests.map((r) => r.body.toString('utf8')));
  if (bodies.size !== 1) problems.push(`${bodies.size} different bodies for one delivery`);
  const expectedBody = { job_id: job.id, status: job.status, completed_at: job.completed_at, metadata: job.metadata };
  for (const sent of bodies) {
    if (JSON.stringify(JSON.parse(sent)) !== JSON.stringify(expectedBody)) problems.push(`body ${sent.slice(0, 200)}, expected ${JSON.stringify(expectedBody)}`);
  }

  const columns = [job.callback_sent_at, job.callback_status_code, job.callback_error];
  if (JSON.stringify(columns) !== JSON.stringify([last.started_at, last.status_code, last.error])) {
    problems.push(`job callback columns ${JSON.stringify(columns)} do not show the last attempt ${JSON.stringify([last.started_at, last.status_code, last.error])}`);
  }
  return problems;
}

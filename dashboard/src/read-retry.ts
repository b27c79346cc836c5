/**
 * A read the service could not answer for a moment — a restart behind a proxy (502, 504), a database pool briefly
 * full (503), a connection dropped — is tried again after these pauses before the page shows an error a second
 * later would not have had. Writes are never repeated here: the user decides whether to send one again.
 */
export const READ_RETRY_DELAYS_MS: readonly number[] = [300, 1000];

/** `status` is the answer's HTTP status, or null when none came (the request itself failed). */
export function isTransientReadFailure(status: number | null): boolean {
  return status === null || status === 502 || status === 503 || status === 504;
}

/**
 * Runs `attempt` (one GET) and again after each pause while it fails transiently; the last failure or answer stands.
 * `attempt` resolves the answer's status for an answer, or rejects when no answer came.
 */
export async function withReadRetries<T extends { status: number }>(attempt: () => Promise<T>, sleep = (ms: number) => new Promise((done) => setTimeout(done, ms)), delays = READ_RETRY_DELAYS_MS): Promise<T> {
  for (const delay of delays) {
    try {
      const answer = await attempt();
      if (!isTransientReadFailure(answer.status)) return answer;
    } catch {
      // no answer: tried again below
    }
    await sleep(delay);
  }
  return attempt();
}

export interface WebhookRequest {
  webhookId: string;
  url: string;
  body: string;
  timeoutMs: number;
  /** Apply the private-network guard (user-supplied URLs); operator-configured URLs are trusted. */
  guarded: boolean;
  /** Extra headers such as the step webhook's Authorization; never logged. */
  headers: Record<string, string>;
  /**
   * An endpoint's delivery is signed with the endpoint's own secrets (newest first; two while a rotation overlaps)
   * instead of the service's signing secret.
   */
  signingSecrets?: readonly Buffer[];
}

export interface WebhookRequest {
  webhookId: string;
  url: string;
  body: string;
  timeoutMs: number;
  /** Apply the private-network guard (user-supplied URLs); operator-configured URLs are trusted. */
  guarded: boolean;
  /** Extra headers such as the step webhook's Authorization; never logged. */
  headers: Record<string, string>;
}

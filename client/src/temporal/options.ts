/**
 * The seed's options for its step-completion activity: 15 s per attempt, 30 s in all (Temporal retries within
 * that). Pure data: workflow code imports it too.
 */
export const stepActivityOptions = {
  startToCloseTimeout: '15s',
  scheduleToCloseTimeout: '30s',
} as const;

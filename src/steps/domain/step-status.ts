export const STEP_STATUSES = ['pending', 'success', 'failed', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const STEP_TERMINAL_STATUSES = ['success', 'failed', 'cancelled'] as const;
export type StepTerminalStatus = (typeof STEP_TERMINAL_STATUSES)[number];

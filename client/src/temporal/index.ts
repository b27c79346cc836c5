export { createActivities, type CallbackActivities } from './activities.js';
export { reportAgentRun, type AgentRunInput, type AgentStep, type WorkflowTools } from './agent-run.js';
export { stepActivityOptions } from './options.js';
export { directStepWebhookId, fromEnvironment, type StepWebhookOutcome, type StepWebhookSettings } from './step-webhook.js';

export { createActivities, fromEnvironment, type CallbackActivities, type StepWebhookSettings } from './activities.js';
export { stepActivityOptions } from './options.js';

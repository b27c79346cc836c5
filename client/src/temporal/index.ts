export { createActivities, fromEnvironment, type CallbackActivities, type StepWebhookSettings } from './activities';
export { stepActivityOptions } from './options';

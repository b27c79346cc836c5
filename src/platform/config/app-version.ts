/** Sent in the webhooks' User-Agent. Keep in step with package.json's version. */
export const APP_NAME = 'CallbackIntegrationService';
export const APP_VERSION = '0.1.0';

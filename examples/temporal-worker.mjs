// A Temporal worker running the example workflow (client/src/temporal/example-workflow.ts) with the activities on
// the client. Needs a Temporal server (TEMPORAL_ADDRESS, default 127.0.0.1:7233) and the service; not run here.
// Run: npm run build && CALLBACK_SERVICE_URL=http://127.0.0.1:3000 node examples/temporal-worker.mjs
import { createRequire } from 'node:module';
import { NativeConnection, Worker } from '@temporalio/worker';
import { CallbackClient } from 'callback-integration-client';
import { createActivities } from 'callback-integration-client/temporal';

const require = createRequire(import.meta.url);
const client = new CallbackClient({ baseUrl: process.env.CALLBACK_SERVICE_URL ?? 'http://127.0.0.1:3000', apiKey: process.env.API_KEY });
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
const worker = await Worker.create({
  connection,
  taskQueue: 'agent-runs',
  workflowsPath: require.resolve('callback-integration-client/temporal/example-workflow'),
  // STEP_COMPLETE_WEBHOOK, STEP_COMPLETE_KEY and WEBHOOK_SIGNING_SECRET from this process's environment configure
  // sendStepCompleteWebhook (signed like every delivery when the secret is set).
  activities: createActivities(client),
});
await worker.run();

// The typed client: create a job that calls back when it finishes, finish it, and read what was sent.
// Run against a running service: CALLBACK_SERVICE_URL=http://127.0.0.1:3000 API_KEY=... node examples/client.mjs
import { CallbackApiError, CallbackClient } from 'callback-integration-client';

const client = new CallbackClient({ baseUrl: process.env.CALLBACK_SERVICE_URL ?? 'http://127.0.0.1:3000', apiKey: process.env.API_KEY });

const job = await client.createJob({ callback_url: process.env.CALLBACK_URL ?? 'https://ci.example.com/hooks/jobs', metadata: { pipeline: 'nightly' } });
await client.updateJob(job.id, { status: 'running' });
const done = await client.updateJob(job.id, { status: 'completed', metadata: { result: 'green' } });
console.log(`job ${done.id}: ${done.status} at ${done.completed_at}`);

// Every list pages ({data, has_more, next_cursor}); its auto-paging form reads page after page as it is iterated.
for await (const event of client.jobs.events(job.id)) console.log(`  ${event.version}. ${event.type}`);

try {
  await client.updateJob(job.id, { status: 'failed' }); // a finished job never changes again
} catch (error) {
  if (!(error instanceof CallbackApiError)) throw error;
  console.log(`refused as expected: ${error.statusCode} ${error.message}`);
}

// A minimal callback receiver: verifies the Standard Webhooks signature, drops repeats by webhook-id,
// and answers 2xx quickly. Run: WEBHOOK_SIGNING_SECRET=whsec_... PORT=4000 node examples/receiver.mjs
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const webhook = new Webhook(process.env.WEBHOOK_SIGNING_SECRET);
const seen = new Set(); // in production: a table with a unique key on webhook-id

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    let event;
    try {
      event = webhook.verify(body, request.headers); // checks signature and a 5-minute timestamp window
    } catch {
      response.writeHead(401).end();
      return;
    }
    const id = request.headers['webhook-id'];
    if (!seen.has(id)) {
      seen.add(id);
      console.log(JSON.stringify({ webhook_id: id, ...event })); // hand the work to a queue here; answer fast
    }
    response.writeHead(204).end(); // a repeat of an id already handled is acknowledged too
  });
});
server.listen(Number(process.env.PORT ?? 4000), '127.0.0.1', () => console.log(`listening on ${server.address().port}`));

import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../../../platform/http/validation.pipe';
import { CreateJobRequest } from './create-job.request.dto';

/** What the API answers a refused body with (the pipe the app uses, no container, no database). */
async function refusalOf(body: unknown): Promise<unknown> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: CreateJobRequest });
    return undefined;
  } catch (error) {
    return (error as BadRequestException).getResponse();
  }
}

// Private and reserved destinations are refused by the destination policy (blocked-address.spec.ts); the one row
// per rule family that proves the HTTP wiring, and nothing written, is test/jobs/job-validation.e2e-spec.ts.
describe('POST /v1/jobs body rules', () => {
  it.each([
    [{ callback_url: 'ftp://example.com/x' }, 'callback_url'],
    [{ callback_url: '/relative/path' }, 'callback_url'],
    [{ callback_url: 'https://user:secret@example.com/x' }, 'callback_url'],
    [{ callback_url: `https://example.com/${'a'.repeat(2048)}` }, 'callback_url'],
    [{ callback_url: 42 }, 'callback_url'],
    [{ callback_url: ' https://hooks.example.com/x' }, 'callback_url'],
    [{ callback_url: 'https://hooks.example.com/x ' }, 'callback_url'],
    [{ callback_url: 'https://hooks.example.com/x\n' }, 'callback_url'],
    [{ callback_url: 'https://hooks.exa\tmple.com/x' }, 'callback_url'],
    [{ callback_url: 'https://hooks.example.com/\u0001x' }, 'callback_url'],
    [{ callback_url: 'https://hooks.example.com:0/x' }, 'callback_url'],
    [{ metadata: [1, 2] }, 'metadata'],
    [{ metadata: 'text' }, 'metadata'],
    [{ metadata: { big: 'x'.repeat(64 * 1024) } }, 'metadata'],
    [{ owner: 'me' }, 'owner'],
  ])('%j -> 400 naming %s', async (body, field) => {
    const refusal = (await refusalOf(body)) as { field: string; message: string };
    expect(refusal).toMatchObject({ field });
    expect(refusal.message).toContain(field);
  });

  it.each([
    [{}],
    [{ callback_url: 'https://hooks.example.com/x?a=1#f', metadata: { pipeline: 7, nested: { constructor: 1 } } }],
    [{ callback_url: 'http://[2001:db8::1]:8080/x' }],
  ])('%j is accepted', async (body) => {
    expect(await refusalOf(body)).toBeUndefined();
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DeliveryDispatcher } from '../../src/webhooks/dispatch/delivery-dispatcher';
import { deliveriesAtRest } from '../support/deliveries-at-rest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

interface Page {
  data: Record<string, unknown>[];
  has_more: boolean;
  next_cursor: string | null;
}

/**
 * One family of lists: how to fill one, and how to add an item once its first page was read. `key` names an item
 * (its id; an event's version). Lists in creation order put the added item first (newest first) or last.
 */
interface Family {
  name: string;
  order: 'newest first' | 'oldest first';
  key: 'id' | 'version';
  /** The list's path, filled with 5 items. */
  seed(): Promise<string>;
  /** One more item, created after every item `seed` made; its key. */
  insert(path: string): Promise<string>;
}

/** Text no list of this service wrote. */
const MALFORMED = ['not-a-cursor', 'eyJhIjoxfQ', 'a%00b', '%E2%9C%93', 'A'.repeat(500)];
/** A position's text (only tests build one): of a list in creation order, and of an event stream. */
const cursorOf = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const CREATED_ORDER_CURSOR = cursorOf(['2026-01-01T00:00:00.000Z', 'job-1']);
const VERSION_CURSOR = cursorOf([1]);

describe('every list pages with {data, has_more, next_cursor} on an opaque keyset cursor', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ STEP_COMPLETE_WEBHOOK: receiver.url('/steps') });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  beforeEach(() => resetDatabase(t.db));

  const get = async (path: string, status = 200) => (await request(t.http).get(path).expect(status)).body;
  const post = async (path: string, body: object = {}) => (await request(t.http).post(path).send(body).expect(201)).body;
  const patch = async (path: string, body: object) => (await request(t.http).patch(path).send(body).expect(200)).body;
  const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;
  /** An item created after this one is in a later millisecond, so its place in creation order is known. */
  const nextMillisecond = async () => {
    const now = Date.now();
    await eventually(() => Date.now() > now, { what: 'the next millisecond' });
  };
  const completedJob = async () => {
    const job = await post('/v1/jobs', { callback_url: receiver.url('/jobs') });
    await patch(`/v1/jobs/${job.id}`, { status: 'completed' });
    return job.id as string;
  };
  const FAMILIES: Family[] = [
    {
      name: 'GET /v1/jobs',
      order: 'newest first',
      key: 'id',
      seed: async () => {
        for (let i = 0; i < 5; i++) await post('/v1/jobs', { metadata: { i } });
        return '/v1/jobs';
      },
      insert: async () => (await post('/v1/jobs')).id,
    },
    {
      name: 'GET /v1/runs (filtered)',
      order: 'newest first',
      key: 'id',
      seed: async () => {
        for (let i = 0; i < 5; i++) await post('/v1/runs', { agent_id: 'a' });
        await post('/v1/runs', { agent_id: 'b' });
        return '/v1/runs?agent_id=a';
      },
      insert: async () => (await post('/v1/runs', { agent_id: 'a' })).id,
    },
    {
      name: 'GET /v1/runs/:runId/steps',
      order: 'oldest first',
      key: 'id',
      seed: async () => {
        const run = await post('/v1/runs');
        for (let i = 0; i < 5; i++) await post(`/v1/runs/${run.id}/steps`, { metadata: { i } });
        return `/v1/runs/${run.id}/steps`;
      },
      insert: async (path) => (await post(path)).id,
    },
    {
      name: 'GET /v1/deliveries',
      order: 'newest first',
      key: 'id',
      seed: async () => {
        for (let i = 0; i < 5; i++) await completedJob();
        await deliveriesAtRest(t.db, { dispatchers: [t.app.get(DeliveryDispatcher)] }); // rows that change no more: pages compare whole
        return '/v1/deliveries';
      },
      insert: async () => (await get(`/v1/jobs/${await completedJob()}/deliveries`)).data[0].id,
    },
    {
      name: 'GET /v1/jobs/:id/events',
      order: 'oldest first',
      key: 'version',
      seed: async () => {
        const job = await post('/v1/jobs');
        for (let i = 0; i < 4; i++) await patch(`/v1/jobs/${job.id}`, { metadata: { i } });
        return `/v1/jobs/${job.id}/events`;
      },
      insert: async (path) => {
        await patch(path.replace(/\/events$/, ''), { metadata: { later: true } });
        return '6';
      },
    },
    {
      name: 'GET /v1/runs/:id/events',
      order: 'oldest first',
      key: 'version',
      seed: async () => {
        const run = await post('/v1/runs');
        for (let i = 0; i < 4; i++) await post(`/v1/runs/${run.id}/steps`);
        return `/v1/runs/${run.id}/events`;
      },
      insert: async (path) => {
        await post(path.replace(/\/events$/, '/steps'));
        return '6';
      },
    },
  ];

  const keysOf = (family: Family, page: Page) => page.data.map((item) => String(item[family.key]));
  /** Page after page from `first`, following next_cursor: the keys of every page and the last page itself. */
  const follow = async (family: Family, path: string, first: Page) => {
    const keys = [...keysOf(family, first)];
    let page = first;
    while (page.has_more) {
      page = await get(withQuery(path, `limit=2&cursor=${page.next_cursor}`));
      keys.push(...keysOf(family, page));
    }
    return { keys, last: page };
  };

  describe.each(FAMILIES.map((family) => [family.name, family] as const))('%s', (_, family) => {
    it(`pages of 2 (${family.order}): each item once, in the order of one whole page; the last page says so`, async () => {
      const path = await family.seed();
      const whole: Page = await get(withQuery(path, 'limit=1000'));
      expect([whole.data.length, whole.has_more, whole.next_cursor]).toEqual([5, false, null]);
      const order = keysOf(family, whole);
      if (family.key === 'version') expect(order).toEqual(['1', '2', '3', '4', '5']);
      else {
        const created = whole.data.map((item) => `${item.created_at} ${item.id}`);
        expect(created).toEqual([...created].sort()[family.order === 'newest first' ? 'reverse' : 'slice']());
      }

      const first: Page = await get(withQuery(path, 'limit=2'));
      expect([keysOf(family, first), first.has_more, first.next_cursor]).toEqual([order.slice(0, 2), true, expect.stringMatching(/^[A-Za-z0-9_-]+$/)]);
      const { keys, last } = await follow(family, path, first);
      expect(keys).toEqual(order);
      expect(last).toEqual({ data: expect.any(Array), has_more: false, next_cursor: null });
      // has_more is exact: a page that ends with the list says so, even when it is full.
      expect(await get(withQuery(path, 'limit=5'))).toEqual({ ...whole, has_more: false, next_cursor: null });
      expect(await get(withQuery(path, `limit=4&cursor=${(await get(withQuery(path, 'limit=1'))).next_cursor}`))).toEqual({
        data: whole.data.slice(1),
        has_more: false,
        next_cursor: null,
      });
    });

    it('an item added after page 1 was read neither repeats nor hides an item; it shows only where its place is', async () => {
      const path = await family.seed();
      const order = keysOf(family, await get(withQuery(path, 'limit=1000')));
      const first: Page = await get(withQuery(path, 'limit=2'));
      await nextMillisecond();
      const added = await family.insert(path);
      const { keys } = await follow(family, path, first);
      // Newest first, the new item is before the cursor (on a first page read now); oldest first, after the rest.
      expect(keys).toEqual(family.order === 'newest first' ? order : [...order, added]);
      expect((await get(withQuery(path, 'limit=1'))).data.map((item: Record<string, unknown>) => String(item[family.key]))).toEqual([
        family.order === 'newest first' ? added : order[0],
      ]);
    });

    it('a malformed cursor, or one of the other kind of list, is a 400 naming cursor; a limit past 1000 one naming limit', async () => {
      const path = await family.seed();
      const otherKind = family.key === 'version' ? CREATED_ORDER_CURSOR : VERSION_CURSOR;
      for (const cursor of [...MALFORMED, otherKind]) {
        const answer = await get(withQuery(path, `cursor=${cursor}`), 400);
        expect([cursor, answer]).toEqual([cursor, { statusCode: 400, error: 'Bad Request', message: expect.stringContaining('cursor'), field: 'cursor' }]);
      }
      expect((await get(withQuery(path, 'limit=1001'), 400)).field).toBe('limit');
    });
  });

  // A subject has at most one delivery (deliveries_one_per_subject): its list is that page, with the same contract.
  it.each(['jobs', 'runs', 'steps'])('GET /v1/%s/:id/deliveries answers its delivery as a page, takes a cursor of the deliveries list, refuses a bad one', async (collection) => {
    await completedJob(); // the deliveries list, newest first, will be: a later delivery, the subject's, this earlier one
    await nextMillisecond();
    let subject: string;
    if (collection === 'steps') {
      subject = (await post(`/v1/runs/${(await post('/v1/runs')).id}/steps`)).id;
      await patch(`/v1/steps/${subject}`, { status: 'success' });
    } else {
      subject = (await post(`/v1/${collection}`, { callback_url: receiver.url(`/${collection}`) })).id;
      await patch(`/v1/${collection}/${subject}`, { status: 'completed' });
    }
    await nextMillisecond();
    await completedJob();
    await deliveriesAtRest(t.db, { dispatchers: [t.app.get(DeliveryDispatcher)] });
    const path = `/v1/${collection}/${subject}/deliveries`;
    const page: Page = await get(path);
    expect([page.data.map((delivery) => delivery.subject_id), page.has_more, page.next_cursor]).toEqual([[subject], false, null]);
    expect(await get(`${path}?limit=1`)).toEqual(page);
    const afterNewest: Page = await get('/v1/deliveries?limit=1');
    const afterSubjects: Page = await get('/v1/deliveries?limit=2');
    expect(afterSubjects.data[1].subject_id).toBe(subject);
    expect(await get(`${path}?cursor=${afterNewest.next_cursor}`)).toEqual(page);
    expect(await get(`${path}?cursor=${afterSubjects.next_cursor}`)).toEqual({ data: [], has_more: false, next_cursor: null });
    for (const cursor of [...MALFORMED, VERSION_CURSOR]) expect([cursor, (await get(`${path}?cursor=${cursor}`, 400)).field]).toEqual([cursor, 'cursor']);
    expect((await get(`${path}?limit=0`, 400)).field).toBe('limit');
    expect((await request(t.http).get(`/v1/${collection}/nope/deliveries?cursor=${afterNewest.next_cursor}`)).status).toBe(404);
  });

  it("a step's events page too; an entity's list with a valid cursor is still a 404 for an entity that does not exist", async () => {
    const run = await post('/v1/runs');
    await post(`/v1/runs/${run.id}/steps`);
    await post(`/v1/runs/${run.id}/steps`);
    const steps: Page = await get(`/v1/runs/${run.id}/steps?limit=1`);
    const events: Page = await get(`/v1/runs/${run.id}/events?limit=1`);
    for (const path of [`/v1/runs/run-nope/steps?cursor=${steps.next_cursor}`, `/v1/runs/run-nope/events?cursor=${events.next_cursor}`, `/v1/jobs/${run.id}/events?cursor=${events.next_cursor}`]) {
      expect([path, (await request(t.http).get(path)).status]).toEqual([path, 404]);
    }
    const step = (await get(`/v1/runs/${run.id}/steps`)).data[0];
    await patch(`/v1/steps/${step.id}`, { status: 'success' });
    const created: Page = await get(`/v1/steps/${step.id}/events?limit=1`);
    expect([created.data.map((event) => event.type), created.has_more]).toEqual([['StepCreated'], true]);
    expect(await get(`/v1/steps/${step.id}/events?limit=1&cursor=${created.next_cursor}`)).toEqual({
      data: [expect.objectContaining({ version: 2, type: 'StepCompleted' })],
      has_more: false,
      next_cursor: null,
    });
    // Past the end of a stream that exists: an empty last page.
    expect(await get(`/v1/steps/${step.id}/events?cursor=${cursorOf([2])}`)).toEqual({ data: [], has_more: false, next_cursor: null });
  });
});

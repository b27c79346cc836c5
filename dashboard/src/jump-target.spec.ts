import { describe, expect, it } from '@jest/globals';
import { jumpTarget } from './jump-target';

describe('the "Go to id" box', () => {
  it.each([
    ['job-3c2d', { kind: 'page', to: '/jobs/job-3c2d', prefixSearch: { api: '/v1/jobs?id_prefix=job-3c2d', page: '/jobs?id_prefix=job-3c2d' } }],
    ['  run-1 ', { kind: 'page', to: '/runs/run-1', prefixSearch: { api: '/v1/runs?id_prefix=run-1', page: '/runs?id_prefix=run-1' } }],
    ['step-9', { kind: 'page', to: '/steps/step-9' }],
    ['dlv-a/b', { kind: 'page', to: '/deliveries/dlv-a%2Fb' }],
    ['ep-1', { kind: 'page', to: '/endpoints/ep-1' }],
    ['op-7', { kind: 'page', to: '/?operation=op-7' }],
  ])('%j → %j', (text, target) => {
    expect(jumpTarget(text)).toEqual(target);
  });

  it.each(['', 'job-', '3c2d', 'JOB-1'])('%j names no page, and says what ids look like', (text) => {
    expect(jumpTarget(text)).toEqual({ kind: 'unknown', message: 'Ids start with job-, run-, step-, dlv- (a delivery), ep- (an endpoint) or op- (a bulk redelivery).' });
  });
});

import { describe, expect, it } from '@jest/globals';
import { assertJsonShape } from './json-shape-limits';

const shapeError = (json: string): string | undefined => {
  try {
    assertJsonShape(Buffer.from(json));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};
const list = (n: number) => Array.from({ length: n }, () => '1').join(',');

describe('assertJsonShape', () => {
  it.each([
    ['an object', '{"metadata":{"a":[1,2]}}', undefined],
    ['an object after whitespace', ' \n\t{}', undefined],
    ['an empty body (nothing to check)', '', undefined],
    ['an array at the top', '[1,2,3]', 'the body must be a JSON object'],
    ['an array after whitespace', '\r\n [{}]', 'the body must be a JSON object'],
    ['a string at the top', '"{}"', 'the body must be a JSON object'],
    ['a number at the top', '42', 'the body must be a JSON object'],
    ['33 levels', `{"a":${'['.repeat(32)}${']'.repeat(32)}}`, 'body is nested deeper than 32 levels'],
    ['32 levels', `{"a":${'['.repeat(31)}${']'.repeat(31)}}`, undefined],
    ['17 top-level fields', `{${Array.from({ length: 17 }, (_, i) => `"f${i}":1`).join(',')}}`, 'body has more than 16 fields'],
    ['colons and commas inside strings do not count', `{"a":"${',:'.repeat(20_000)}"}`, undefined],
    ['9,996 values in an array in an object', `{"a":[${list(9_996)}]}`, undefined],
    ['10,001 values', `{"a":[${list(10_001)}]}`, 'body has more than 10000 values'],
    ['nested single-element arrays count without commas', `{"a":[${Array.from({ length: 400 }, () => '[[[[[[[[[[[[[[1]]]]]]]]]]]]]]').join(',')}]}`, 'body has more than 10000 values'],
  ])('%s', (_, json, refusal) => {
    expect(shapeError(json)).toBe(refusal);
  });
});

import { describe, expect, it } from '@jest/globals';
import { isCredentialName, redactCredentialHeaders, redactUrlCredentials } from './redact-credentials';

describe('isCredentialName', () => {
  it.each([
    'Authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'www-authenticate', 'x-api-key', 'X-Auth-Token',
    'x-upstream-secret', 'x-session-id', 'x-csrf', 'x-csrf-token', 'x-xsrf-token', 'x-pass', 'x-password', 'passphrase',
    'x-hmac', 'x-hub-signature-256', 'x-sig', 'webhook-signature', 'x-jwt', 'x-bearer', 'x-otp', 'x-credential',
    'x-amz-security-token', 'api_key', 'apikey', 'access_token', 'sig', 'password', 'pwd', 'x-api', 'client_secret',
    'private_key', 'x-sid', 'sid', 'x-nonce',
  ])('%s can carry a credential', (name) => expect(isCredentialName(name)).toBe(true));

  it.each(['content-type', 'content-length', 'accept', 'accept-encoding', 'host', 'user-agent', 'x-request-id', 'connection',
    'limit', 'after', 'status', 'subject_id', 'since', 'until', 'kind', 'agent_id', 'x-forwarded-for', 'traceparent',
  ])('%s is kept', (name) => expect(isCredentialName(name)).toBe(false));
});

describe('redactCredentialHeaders', () => {
  it('replaces the value of every credential header and keeps the rest', () => {
    expect(redactCredentialHeaders({ 'x-csrf': 'c', 'x-pass': 'p', 'x-hmac': 'h', host: 'example', 'x-request-id': 'r' })).toEqual({
      'x-csrf': '[redacted]',
      'x-pass': '[redacted]',
      'x-hmac': '[redacted]',
      host: 'example',
      'x-request-id': 'r',
    });
    expect(redactCredentialHeaders(undefined)).toBeUndefined();
  });
});

describe('redactUrlCredentials', () => {
  it.each([
    ['/v1/jobs', '/v1/jobs'],
    ['/v1/jobs?limit=5&after=abc', '/v1/jobs?limit=5&after=abc'],
    ['/v1/jobs?api_key=s3cr3t', '/v1/jobs?api_key=[redacted]'],
    ['/v1/jobs?token=s3cr3t&limit=5', '/v1/jobs?token=[redacted]&limit=5'],
    ['/v1/jobs?limit=5&access_token=s3cr3t', '/v1/jobs?limit=5&access_token=[redacted]'],
    ['/v1/jobs?sig=abc&password=hunter2', '/v1/jobs?sig=[redacted]&password=[redacted]'],
    ['/v1/jobs?API_KEY=s3cr3t', '/v1/jobs?API_KEY=[redacted]'],
    ['/v1/jobs?api%5Fkey=s3cr3t', '/v1/jobs?api%5Fkey=[redacted]'], // an encoded name is decoded before it is judged
    ['/v1/jobs?token=a&token=b', '/v1/jobs?token=[redacted]&token=[redacted]'],
    ['/v1/jobs?token', '/v1/jobs?token'], // no value, nothing to hide
    ['/v1/jobs?token=', '/v1/jobs?token='],
    ['/v1/jobs?token=s3cr3t#frag', '/v1/jobs?token=[redacted]#frag'],
    ['/v1/jobs?a=1&&token=x=y', '/v1/jobs?a=1&&token=[redacted]'], // the whole value, '=' included
    ['/v1/jobs?%E0%A4%A=1&key=v', '/v1/jobs?%E0%A4%A=1&key=[redacted]'], // a malformed name does not stop the rest
    ['https://user:hunter2@example.com/hook?x=1', 'https://user:[redacted]@example.com/hook?x=1'],
    ['https://example.com/hook?code=1&secret=2', 'https://example.com/hook?code=1&secret=[redacted]'],
    ['', ''],
  ])('%s → %s', (url, logged) => expect(redactUrlCredentials(url)).toBe(logged));
});

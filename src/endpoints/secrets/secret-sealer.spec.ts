import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../platform/config/app-config';
import { assertEndpointSecret, generateEndpointSecret, secretKey } from './endpoint-secret';
import { SecretSealer } from './secret-sealer';

const sealer = (key?: Buffer) => new SecretSealer({ endpointSecretKey: key } as AppConfig);

describe('endpoint secrets at rest', () => {
  it('with ENDPOINT_SECRET_KEY: sealed with AES-256-GCM (no plain text stored), opened back; a tampered one is refused', () => {
    const key = randomBytes(32);
    const secret = generateEndpointSecret();
    const sealed = sealer(key).seal(secret);
    expect(sealed).toMatch(/^aes256gcm:[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain(secret.slice('whsec_'.length));
    expect(sealer(key).seal(secret)).not.toBe(sealed); // a fresh IV each time
    expect(sealer(key).open(sealed)).toBe(secret);
    const [iv, tag, data] = sealed.slice('aes256gcm:'.length).split('.');
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    expect(() => sealer(key).open(`aes256gcm:${iv}.${tag}.${flipped.toString('base64')}`)).toThrow();
    expect(() => sealer(randomBytes(32)).open(sealed)).toThrow();
    expect(() => sealer().open(sealed)).toThrow(/ENDPOINT_SECRET_KEY is not set/);
  });

  it('without a key: stored as is, and still readable once a key is configured', () => {
    const secret = generateEndpointSecret();
    const stored = sealer().seal(secret);
    expect(stored).toBe(`plain:${secret}`);
    expect(sealer(randomBytes(32)).open(stored)).toBe(secret);
  });

  it('generates whsec_ and 24 bytes; accepts 24 to 64 bytes of base64 from an owner, refuses the rest naming the field', () => {
    const secret = generateEndpointSecret();
    expect(secretKey(secret)).toHaveLength(24);
    expect(() => assertEndpointSecret('secret', secret)).not.toThrow();
    expect(() => assertEndpointSecret('secret', `whsec_${Buffer.alloc(64).toString('base64')}`)).not.toThrow();
    for (const bad of [`whsec_${Buffer.alloc(16).toString('base64')}`, `whsec_${Buffer.alloc(65).toString('base64')}`, Buffer.alloc(32).toString('base64'), 'whsec_not base64!', 7]) {
      expect(() => assertEndpointSecret('secret', bad)).toThrow(expect.objectContaining({ field: 'secret' }) as never);
    }
  });
});

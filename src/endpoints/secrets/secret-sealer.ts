import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppConfig } from '../../platform/config/app-config';

const SEALED = 'aes256gcm:';
const PLAIN = 'plain:';

/**
 * Endpoint secrets at rest: AES-256-GCM under ENDPOINT_SECRET_KEY when it is set (`aes256gcm:<iv>.<tag>.<data>`,
 * base64), else as they are (`plain:`). Either form is read back, so a key can be introduced later (secrets
 * stored before stay readable; new ones are sealed).
 */
@Injectable()
export class SecretSealer {
  private readonly key: Buffer | undefined;

  constructor(config: AppConfig) {
    this.key = config.endpointSecretKey;
  }

  seal(secret: string): string {
    if (!this.key) return PLAIN + secret;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${SEALED}${[iv, cipher.getAuthTag(), data].map((part) => part.toString('base64')).join('.')}`;
  }

  open(sealed: string): string {
    if (sealed.startsWith(PLAIN)) return sealed.slice(PLAIN.length);
    if (!sealed.startsWith(SEALED)) throw new Error('an endpoint secret is stored in a form this service does not know');
    if (!this.key) throw new Error('an endpoint secret is encrypted, but ENDPOINT_SECRET_KEY is not set');
    const [iv, tag, data] = sealed.slice(SEALED.length).split('.').map((part) => Buffer.from(part, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }
}

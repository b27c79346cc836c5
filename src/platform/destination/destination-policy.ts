import { Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import { AppConfig } from '../config/app-config';
import { InvalidInputError } from '../domain/domain-error';
import { ALLOW_PRIVATE_HINT, isBlockedAddress } from './blocked-address';
import { callbackUrlMessage, isWellFormedCallbackUrl } from './is-callback-url.validator';

/** Where user-supplied callback URLs may point. Operator-configured URLs (the step webhook) are trusted. */
@Injectable()
export class DestinationPolicy {
  constructor(private readonly config: AppConfig) {}

  get guardEnabled(): boolean {
    return !this.config.allowPrivateNetworks;
  }

  /**
   * Checked here as well as in the HTTP DTO, so a command sent on the bus without HTTP is held to the same rule.
   * At creation only a literal IP can be judged; hostnames are checked again after DNS at send time.
   */
  assertAcceptableCallbackUrl(field: string, url: unknown): void {
    if (!isWellFormedCallbackUrl(url)) throw new InvalidInputError(field, callbackUrlMessage(field));
    if (!this.guardEnabled) return;
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && isBlockedAddress(host)) {
      throw new InvalidInputError(field, `${field} points to a private, loopback or link-local address (${host}); ${ALLOW_PRIVATE_HINT}`);
    }
  }
}

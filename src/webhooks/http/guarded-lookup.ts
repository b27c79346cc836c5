import { lookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isBlockedAddress } from '../../platform/destination/blocked-address';

export const BLOCKED_DESTINATION = 'EBLOCKED';

/**
 * A DNS lookup for the HTTP agent that refuses hostnames resolving to blocked addresses. The socket
 * connects to exactly the address returned here, so the check and the connection cannot disagree
 * (no DNS-rebinding window). Any blocked address among the answers refuses the whole name.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const blocked = addresses.find((candidate) => isBlockedAddress(candidate.address));
    if (blocked || addresses.length === 0) {
      const refusal = Object.assign(new Error(`blocked destination: ${hostname} resolves to ${blocked?.address ?? 'nothing'}`), {
        code: BLOCKED_DESTINATION,
      });
      return callback(refusal, '', 0);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

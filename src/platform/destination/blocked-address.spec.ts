import { describe, expect, it } from '@jest/globals';
import { isBlockedAddress } from './blocked-address';

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
    '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1',
    'ff02::1', '::ffff:127.0.0.1', '::ffff:10.1.2.3', '::ffff:a9fe:a9fe', '64:ff9b::7f00:1', 'not-an-ip',
    // IPv4 embedded in IPv6: compatible, 6to4, Teredo (server and obfuscated client)
    '::127.0.0.1', '::7f00:1', '::10.0.0.1', '::a9fe:a9fe', '2002:7f00:1::', '2002:a00:1::1', '2002:a9fe:a9fe::',
    '2002:c0a8:101:1::1', '2001:0:7f00:1::1', '2001:0:808:808::80ff:fffe', '2001:0:808:808:0:0:f5ff:fffe',
    '0:0:0:0:0:ffff:7f00:1', '::ffff:0:127.0.0.1', '::ffff:10.0.0.1', '2002:7f00:1::1',
  ])('blocks %s', (address) => expect(isBlockedAddress(address)).toBe(true));

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '::808:808', '2002:808:808::1',
    '2001:0:808:808::f7f7:f7f7', '2001:db9::1', '2a00:1450::200e'])('allows %s', (address) =>
    expect(isBlockedAddress(address)).toBe(false),
  );
});

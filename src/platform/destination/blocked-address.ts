import { BlockList, isIP } from 'node:net';

/** What a refusal of a private destination tells the operator (a local receiver in development is the usual case). */
export const ALLOW_PRIVATE_HINT = 'set CALLBACK_ALLOW_PRIVATE_NETWORKS=true to allow private destinations';

/** Addresses a user-supplied callback URL may never reach: the machine itself, private networks, metadata services. */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. cloud metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 can reach any IPv4 address
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/**
 * True for any address in a blocked range. An IPv6 address that carries an IPv4 address (mapped ::ffff:a.b.c.d,
 * compatible ::a.b.c.d, 6to4 2002::/16, Teredo 2001::/32) is judged by every IPv4 address it carries as well.
 */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true; // not an address at all: refuse rather than guess
  if (BLOCKED.check(address, 'ipv6')) return true;
  return embeddedIpv4(ipv6Groups(address)).some((ipv4) => BLOCKED.check(ipv4, 'ipv4'));
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` expanded and a trailing dotted quad converted). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, ''); // zone id
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

function ipv4Of(high: number, low: number): string {
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

function embeddedIpv4(g: number[]): string[] {
  const zeroUpTo = (n: number) => g.slice(0, n).every((group) => group === 0);
  if (zeroUpTo(5) && g[5] === 0xffff) return [ipv4Of(g[6], g[7])]; // ::ffff:a.b.c.d, IPv4-mapped
  if (zeroUpTo(4) && g[4] === 0xffff && g[5] === 0) return [ipv4Of(g[6], g[7])]; // ::ffff:0:a.b.c.d, IPv4-translated
  if (zeroUpTo(6)) return [ipv4Of(g[6], g[7])]; // ::a.b.c.d, IPv4-compatible (deprecated, still routable by some stacks)
  if (g[0] === 0x2002) return [ipv4Of(g[1], g[2])]; // 6to4
  if (g[0] === 0x2001 && g[1] === 0) return [ipv4Of(g[2], g[3]), ipv4Of(~g[6] & 0xffff, ~g[7] & 0xffff)]; // Teredo server, client
  return [];
}

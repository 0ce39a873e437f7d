import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from './http-transport.ts';

/** #11 finding 13: IPv6 spellings of private IPv4 addresses are private too. */
describe('private-address list', () => {
  it('refuses NAT64 and IPv4-mapped or -compatible IPv6 addresses, however written', () => {
    for (const ip of ['64:ff9b::7f00:1', '64:ff9b::a00:1', '64:ff9b:1::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::127.0.0.1', '::a00:1', '::1', '::']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
  });

  it('still allows public addresses', () => {
    for (const ip of ['8.8.8.8', '2001:4860:4860::8888', '203.0.113.10']) expect(isPrivateAddress(ip), ip).toBe(false);
    for (const ip of ['10.1.2.3', '127.0.0.1', '169.254.169.254', 'fd00::1', 'fe80::1']) expect(isPrivateAddress(ip), ip).toBe(true);
  });
});

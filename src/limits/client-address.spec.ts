import { addressKey, compileTrust } from './client-address.js';

describe('addressKey', () => {
  it('keeps IPv4 as it is, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('compileTrust', () => {
  it('trusts nobody, everybody, a number of hops, or the listed addresses', () => {
    expect(compileTrust(false)('127.0.0.1', 0)).toBe(false);
    expect(compileTrust(true)('198.51.100.1', 5)).toBe(true);
    const oneHop = compileTrust(1);
    expect([oneHop('10.0.0.1', 0), oneHop('10.0.0.1', 1)]).toEqual([true, false]);
    const listed = compileTrust(['loopback', '10.0.0.0/8']);
    expect([listed('127.0.0.1', 0), listed('10.9.9.9', 3), listed('192.0.2.1', 0)]).toEqual([true, true, false]);
  });
});

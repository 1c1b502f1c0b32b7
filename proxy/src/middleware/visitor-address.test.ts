import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkIpv6Prefix, parseAddress, UNKNOWN_ADDRESS, visitorKey } from './visitor-address.ts'

test('IPv4 addresses are kept as dotted quads; other spellings of an address are not addresses', () => {
  assert.equal(visitorKey('203.0.113.9'), '203.0.113.9')
  assert.equal(visitorKey(' 203.0.113.9 '), '203.0.113.9')
  assert.equal(visitorKey('203.0.113.9:51234'), '203.0.113.9')
  for (const odd of ['127.1', '0x7f.0.0.1', '2130706433', '010.0.0.1', '256.1.1.1', '1.2.3.4.5', '1.2.3.']) {
    assert.equal(visitorKey(odd), UNKNOWN_ADDRESS, odd)
  }
})

test('IPv6 addresses are grouped by their /64 in canonical form, however they are written', () => {
  const spellings = [
    '2001:db8:1:2::7',
    '2001:0DB8:0001:0002:0000:0000:0000:0007',
    '2001:db8:1:2:ffff:ffff:ffff:ffff',
    '[2001:db8:1:2::7]',
    '[2001:db8:1:2::7]:443',
    '2001:db8:1:2::1%eth0',
  ]
  for (const spelling of spellings) assert.equal(visitorKey(spelling), '2001:db8:1:2::/64', spelling)
  assert.equal(visitorKey('2001:db8:1:3::7'), '2001:db8:1:3::/64')
  assert.equal(visitorKey('::1'), '::/64')
})

test('the IPv6 prefix is configurable, down to one address at 128', () => {
  assert.equal(visitorKey('2001:db8:1:2::7', 48), '2001:db8:1::/48')
  assert.equal(visitorKey('2001:db8:1:2::7', 56), '2001:db8:1::/56')
  assert.equal(visitorKey('2001:db8:1:2ff::7', 56), '2001:db8:1:200::/56')
  assert.equal(visitorKey('2001:0db8:0:0:0:0:0:7', 128), '2001:db8::7')
  assert.equal(visitorKey('2001:db8:1:2::7', 0), '::/0')
  assert.throws(() => checkIpv6Prefix(129), RangeError)
  assert.throws(() => checkIpv6Prefix(64.5), RangeError)
  assert.equal(checkIpv6Prefix(64), 64)
})

test('IPv4 mapped into IPv6 is the IPv4 address; zone ids are dropped', () => {
  assert.equal(visitorKey('::ffff:203.0.113.9'), '203.0.113.9')
  assert.equal(visitorKey('::FFFF:cb00:7109'), '203.0.113.9')
  assert.equal(visitorKey('[::ffff:203.0.113.9]:80'), '203.0.113.9')
  assert.equal(visitorKey('fe80::1%eth0', 128), 'fe80::1')
  assert.equal(parseAddress('fe80::1%25en0')?.toString(), 'fe80::1')
})

test('anything else is unknown, and no key is longer than an address, whatever the input', () => {
  for (const junk of [
    '',
    'unknown',
    'x-17',
    '203.0.113.9, 198.51.100.1',
    '2001:db8::1::2',
    '1:2:3:4:5:6:7:8:9',
    'gggg::1',
    '2001:db8::1%',
    `2001:db8::${'1'.repeat(8_000)}`,
    '1'.repeat(8_192),
    '[2001:db8::1',
  ]) {
    assert.equal(visitorKey(junk), UNKNOWN_ADDRESS, junk.slice(0, 40))
  }
  // The longest key: a full IPv6 network with its length.
  assert.ok(visitorKey('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 127).length <= 43)
})

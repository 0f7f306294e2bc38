import { describe, expect, it } from 'vitest'
import { ipv6Groups, isAllowedHost, isPublicAddress } from '../../src/lib/ip-guard.ts'

// Addresses appear here only as strings: nothing in this file opens a socket.
const notPublic: [string, string][] = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'this network'],
  ['10.0.0.1', 'private 10/8'],
  ['10.255.255.255', 'private 10/8 edge'],
  ['100.64.0.1', 'CGNAT'],
  ['100.127.255.254', 'CGNAT edge'],
  ['127.0.0.1', 'loopback'],
  ['127.1.2.3', 'loopback /8'],
  ['169.254.169.254', 'cloud metadata'],
  ['169.254.0.1', 'link-local'],
  ['172.16.0.1', 'private 172.16/12'],
  ['172.31.255.255', 'private 172.16/12 edge'],
  ['192.0.0.8', 'IETF assignments'],
  ['192.0.2.10', 'TEST-NET-1'],
  ['192.88.99.1', '6to4 relay anycast'],
  ['192.168.1.1', 'private 192.168/16'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking edge'],
  ['198.51.100.7', 'TEST-NET-2'],
  ['203.0.113.9', 'TEST-NET-3'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast SSDP'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['::', 'v6 unspecified'],
  ['::1', 'v6 loopback'],
  ['[::1]', 'bracketed v6 loopback'],
  ['::ffff:10.0.0.1', 'mapped private'],
  ['::ffff:a00:1', 'mapped private, hex spelling'],
  ['::ffff:127.0.0.1', 'mapped loopback'],
  ['::FFFF:169.254.169.254', 'mapped metadata, upper case'],
  ['::127.0.0.1', 'deprecated IPv4-compatible'],
  ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
  ['64:ff9b::808:808', 'NAT64 even of a public address'],
  ['64:ff9b:1::1', 'local-use NAT64'],
  ['100::1', 'discard prefix'],
  ['fc00::1', 'ULA'],
  ['fd12:3456:789a::1', 'ULA fd'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local with zone'],
  ['febf::1', 'link-local edge'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation 3fff::/20'],
  ['2002:a00:1::1', '6to4 embedding 10.0.0.1'],
  ['2002:7f00:1::1', '6to4 embedding 127.0.0.1'],
  ['2002:a9fe:a9fe::', '6to4 embedding the metadata address'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ['2001:2::1', 'v6 benchmarking'],
  ['localhost', 'a name, not an IP'],
  ['example.com', 'a name, not an IP'],
  ['', 'empty'],
  ['1.2.3', 'short IPv4'],
  ['999.1.1.1', 'out of range'],
  ['2001:4860::8888::1', 'double ::'],
]

const isPublic: string[] = [
  '8.8.8.8',
  '1.1.1.1',
  '100.63.255.255',
  '100.128.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '169.253.255.255',
  '198.17.255.255',
  '198.20.0.0',
  '223.255.255.255',
  '2001:4860::8888',
  '2001:4860:4860::8888',
  '2606:4700:4700::1111',
  '2a00:1450:4007:80c::200e',
  '::ffff:8.8.8.8',
  '2002:808:808::1',
]

describe('isPublicAddress', () => {
  it.each(notPublic)('refuses %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(false)
  })

  it.each(isPublic)('accepts %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true)
  })
})

describe('ipv6Groups', () => {
  it.each([
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['fe80::', [0xfe80, 0, 0, 0, 0, 0, 0, 0]],
    ['::ffff:10.0.0.1', [0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]],
    ['2002:a00:1::1', [0x2002, 0x0a00, 0x0001, 0, 0, 0, 0, 1]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
  ])('expands %s', (ip, groups) => {
    expect(ipv6Groups(ip)).toEqual(groups)
  })
})

describe('isAllowedHost', () => {
  it.each<[string, string[], boolean]>([
    ['127.0.0.1', ['127.0.0.1'], true],
    ['127.0.0.2', ['127.0.0.1'], false],
    ['127.0.0.2', ['127.0.0.0/8'], true],
    ['128.0.0.1', ['127.0.0.0/8'], false],
    ['::1', ['127.0.0.1'], false],
    ['::1', ['::1'], true],
    ['[::1]', ['::1'], true],
    ['::1', ['[::1]'], true],
    ['::ffff:127.0.0.1', ['127.0.0.1'], true],
    ['localhost', ['127.0.0.1'], false],
    ['localhost', ['localhost'], true],
    ['Feeds.Internal.Test.', ['feeds.internal.test'], true],
    ['evil-feeds.internal.test', ['feeds.internal.test'], false],
    ['sub.feeds.internal.test', ['feeds.internal.test'], false],
    ['feeds.internal.test', ['127.0.0.1'], false],
    ['10.1.2.3', ['10.0.0.0/8'], true],
    ['10.1.2.3', ['10.0.0.0/33'], false],
    ['10.1.2.3', ['10.0.0.0/abc'], false],
    ['fd00::5', ['fd00::/8'], true],
    ['fe80::5', ['fd00::/8'], false],
    ['127.0.0.1', [], false],
  ])('%s with %j -> %s', (host, allow, expected) => {
    expect(isAllowedHost(host, allow)).toBe(expected)
  })
})

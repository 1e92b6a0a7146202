/**
 * Who a request comes from, for throttling and fair shares: an IPv4 address as it is, an IPv6 address by
 * its network of `ipv6Prefix` bits (one subscriber usually holds a whole /64, RFC 6177, and can pick any
 * address in it), an IPv4-mapped IPv6 address as its IPv4 address. Parsing is ipaddr.js's.
 */
import ipaddr from 'ipaddr.js'

export const DEFAULT_IPV6_PREFIX = 64

export function clientSource(ip: string, ipv6Prefix: number): string {
  if (!ipaddr.isValid(ip)) return ip
  const parsed = ipaddr.parse(ip)
  if (parsed.kind() === 'ipv4') return parsed.toString()
  const v6 = parsed as ipaddr.IPv6
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString()
  if (ipv6Prefix >= 128) return v6.toString()
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${v6.toString()}/${ipv6Prefix}`)
  return `${network.toString()}/${ipv6Prefix}`
}

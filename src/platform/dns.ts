/**
 * DNS TXT lookups for domain verification, through the configured servers (DNS_SERVERS) or the system
 * resolver. "No such record" and "the lookup failed" are different answers: only the first may change a
 * domain's state (STYLE rule 25: injected, so tests use a DNS server of their own on loopback).
 */
import { Resolver } from 'node:dns/promises'

export type TXTLookup =
  { readonly found: true; readonly records: string[] } | { readonly found: false }

export interface DNSResolver {
  /** TXT records of `name`, each record's strings joined (RFC 7208 §3.3 style). Throws DNSLookupError. */
  resolveTXT(name: string): Promise<TXTLookup>
}

export class DNSLookupError extends Error {
  override readonly name = 'DNSLookupError'
}

const NOT_FOUND = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN'])

export function createDNSResolver(
  servers: readonly string[] | undefined,
  timeoutMs = 3000,
): DNSResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 })
  if (servers !== undefined) resolver.setServers([...servers])
  return {
    resolveTXT: async (name) => {
      try {
        const records = await resolver.resolveTxt(name)
        return { found: true, records: records.map((chunks) => chunks.join('')) }
      } catch (error) {
        const code = (error as { code?: string }).code ?? ''
        if (NOT_FOUND.has(code)) return { found: false }
        throw new DNSLookupError(
          `TXT lookup of ${name} failed: ${code || (error as Error).message}`,
          {
            cause: error,
          },
        )
      }
    },
  }
}

/**
 * Outbound metadata fetches against a real local server: a total deadline that a trickling server
 * cannot stretch, an abort signal, the media type checked, and internal addresses recognised in every
 * IPv6 form that carries an IPv4 address (SSRF).
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { FetchError, fetchText, isInternalAddress } from '../../../src/platform/fetch.ts'

const XML = '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>'

describe('platform: fetchText', () => {
  let server: Server
  let base = ''
  before(async () => {
    server = createServer((request, response) => {
      if (request.url === '/trickle') {
        // One byte every 100 ms for 3 s: never idle, never done in time.
        response.writeHead(200, { 'content-type': 'application/xml' })
        let sent = 0
        const timer = setInterval(() => {
          if (sent++ >= 30 || response.destroyed) {
            clearInterval(timer)
            response.end()
          } else response.write(' ')
        }, 100)
        return
      }
      const type = request.url === '/html' ? 'text/html' : 'application/samlmetadata+xml'
      response.writeHead(200, { 'content-type': type }).end(XML)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const limits = { timeoutMs: 1000, maxBytes: 65536, allowPrivate: true }
  const reason = (expected: string) => (error: unknown) =>
    error instanceof FetchError && error.reason === expected

  it('reads metadata served as SAML metadata or XML', async () => {
    assert.equal(await fetchText(`${base}/ok`, limits), XML)
  })

  it('gives up at the deadline on a server that trickles bytes (no idle timeout saves it)', async () => {
    await assert.rejects(fetchText(`${base}/trickle`, limits), reason('timeout'))
  })

  it('stops when its signal aborts', async () => {
    const controller = new AbortController()
    const pending = fetchText(`${base}/trickle`, {
      ...limits,
      timeoutMs: 60_000,
      signal: controller.signal,
    })
    setTimeout(() => controller.abort(), 50)
    await assert.rejects(pending, reason('timeout'))
  })

  it('refuses a document served as something other than XML', async () => {
    await assert.rejects(fetchText(`${base}/html`, limits), reason('content_type'))
  })

  it('refuses internal addresses in URLs unless allowed', async () => {
    for (const host of ['[64:ff9b::7f00:1]', '[::ffff:7f00:1]', '[2002:7f00:1::]', '127.0.0.1']) {
      await assert.rejects(
        fetchText(`https://${host}/metadata`, { ...limits, allowPrivate: false }),
        reason('forbidden_address'),
        host,
      )
    }
  })
})

describe('platform: isInternalAddress', () => {
  it('judges IPv6 addresses that carry an IPv4 address by that address', () => {
    for (const address of [
      '64:ff9b::7f00:1', // NAT64 (RFC 6052) of 127.0.0.1
      '64:ff9b::a00:1', // NAT64 of 10.0.0.1
      '64:ff9b:1::1', // local-use NAT64 (RFC 8215)
      '::ffff:7f00:1', // IPv4-mapped, hexadecimal
      '::ffff:0:a9fe:a9fe', // SIIT (RFC 6145) of 169.254.169.254
      '2002:c0a8:101::1', // 6to4 (RFC 3056) of 192.168.1.1
      '2002:7f00:1::', // 6to4 of 127.0.0.1
      '::7f00:1', // IPv4-compatible
      '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
      '2001:db8::1', // documentation
    ]) {
      assert.equal(isInternalAddress(address), true, address)
    }
  })

  it('lets public addresses through, in each of those forms', () => {
    for (const address of [
      '8.8.8.8',
      '64:ff9b::808:808',
      '::ffff:808:808',
      '2002:808:808::1',
      '2606:4700::1111',
    ]) {
      assert.equal(isInternalAddress(address), false, address)
    }
  })

  it('treats anything that is not an IP address as internal', () => {
    assert.equal(isInternalAddress('localhost'), true)
    assert.equal(isInternalAddress('0x7f.1'), true)
  })
})

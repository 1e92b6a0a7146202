/** Redirect-URI and client-name rules for registering console applications. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { validateClientName, validateRedirectUris } from '../../../src/oidc/oidc-client.ts'

describe('oidc: client registration rules', () => {
  it('accepts https URIs and http on loopback hosts, de-duplicated', () => {
    assert.deepEqual(
      validateRedirectUris([
        'https://console.example.com/callback',
        'http://localhost:8080/cb',
        'http://127.0.0.1:9000/cb',
        'https://console.example.com/callback',
      ]),
      [
        'https://console.example.com/callback',
        'http://localhost:8080/cb',
        'http://127.0.0.1:9000/cb',
      ],
    )
  })

  for (const [uri, why] of [
    ['http://console.example.com/cb', 'plain http on a public host'],
    ['https://console.example.com/cb#frag', 'fragment'],
    ['https://user:pw@console.example.com/cb', 'credentials'],
    ['/relative/cb', 'relative'],
    ['javascript:alert(1)', 'script scheme'],
    ['custom-app:/cb', 'custom scheme'],
    ['HTTPS://Console.Example.com/cb', 'not in normalised form'],
    [`https://console.example.com/${'a'.repeat(2100)}`, 'too long'],
  ] as const) {
    it(`refuses ${why}`, () => {
      assert.throws(() => validateRedirectUris([uri]), { code: 'client.invalid_redirect_uri' })
    })
  }

  it('refuses an empty list and too many URIs', () => {
    assert.throws(() => validateRedirectUris([]), { code: 'client.invalid_redirect_uri' })
    const many = Array.from({ length: 21 }, (_, i) => `https://c.example/${i}`)
    assert.throws(() => validateRedirectUris(many), { code: 'client.invalid_redirect_uri' })
  })

  it('refuses empty and control-character names', () => {
    assert.equal(validateClientName('  Console  '), 'Console')
    assert.throws(() => validateClientName(' '), { code: 'client.invalid_name' })
    assert.throws(() => validateClientName('a\nb'), { code: 'client.invalid_name' })
  })
})

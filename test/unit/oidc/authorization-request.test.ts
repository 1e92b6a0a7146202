/** Authorization request validation and PKCE (RFC 6749 §4.1.1, RFC 7636), pure. */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  assertNoDuplicateParams,
  checkClientAndRedirect,
  validateAuthorizationRequest,
} from '../../../src/oidc/authorization-request.ts'
import type { OIDCClient } from '../../../src/oidc/oidc-client.ts'
import { verifyPKCE } from '../../../src/oidc/pkce.ts'
import { Params } from '../../../src/platform/params.ts'

const client: OIDCClient = {
  id: 'c1',
  name: 'Console',
  redirectUris: ['https://console.test/cb'],
  secretHash: null,
  postLogoutRedirectUris: [],
  initiateLoginUri: null,
  idTokenAlg: 'RS256',
  createdAt: 0,
  updatedAt: 0,
  disabledAt: null,
  previousSecretHash: null,
  previousSecretExpiresAt: null,
  backchannelLogoutUri: null,
}
const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const challenge = createHash('sha256').update(verifier).digest('base64url')
const params = (over: Record<string, string> = {}, extra = ''): Params =>
  Params.fromSearchParams(
    new URLSearchParams(
      new URLSearchParams({
        client_id: 'c1',
        redirect_uri: 'https://console.test/cb',
        response_type: 'code',
        scope: 'openid email unknown',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 's',
        ...over,
      }).toString() + extra,
    ),
  )

describe('oidc: authorization request', () => {
  it('accepts a complete request and narrows the scope to what is supported', () => {
    const request = validateAuthorizationRequest(params(), client, 'https://console.test/cb')
    assert.equal(request.scope, 'openid email')
    assert.equal(request.codeChallenge, challenge)
  })

  it('refuses duplicated parameters before anything else', () => {
    assert.throws(() => assertNoDuplicateParams(params({}, '&state=x')), {
      code: 'oidc.duplicate_parameter',
    })
  })

  it('matches redirect URIs exactly', () => {
    for (const uri of [
      'https://console.test/cb/',
      'https://console.test/CB',
      'https://console.test/cb?x=1',
      'HTTPS://console.test/cb',
    ]) {
      assert.throws(
        () => checkClientAndRedirect(params({ redirect_uri: uri }), client),
        { code: 'oidc.invalid_redirect_uri' },
        uri,
      )
    }
    assert.throws(() => checkClientAndRedirect(params(), undefined), {
      code: 'oidc.invalid_client',
    })
    assert.throws(() => checkClientAndRedirect(params(), { ...client, disabledAt: 1 }), {
      code: 'oidc.invalid_client',
    })
  })

  const refusals: ReadonlyArray<readonly [string, Record<string, string>, string]> = [
    ['no PKCE', { code_challenge: '', code_challenge_method: '' }, 'oidc.pkce_required'],
    ['plain PKCE', { code_challenge_method: 'plain' }, 'oidc.pkce_required'],
    ['a malformed challenge', { code_challenge: 'short' }, 'oidc.pkce_required'],
    ['the implicit flow', { response_type: 'token' }, 'oidc.unsupported_response_type'],
    ['no openid scope', { scope: 'email' }, 'oidc.invalid_scope'],
    ['a request object', { request: 'eyJ...' }, 'oidc.request_not_supported'],
    ['form_post response mode', { response_mode: 'form_post' }, 'oidc.invalid_request'],
    ['an oversized state', { state: 'x'.repeat(3000) }, 'oidc.invalid_request'],
  ]
  for (const [what, over, code] of refusals) {
    it(`refuses ${what}`, () => {
      const input = Params.fromSearchParams(buildParams(over))
      assert.throws(() => validateAuthorizationRequest(input, client, 'https://console.test/cb'), {
        code,
      })
    })
  }
})

/** A valid request with `over` applied; an empty value removes the parameter. */
function buildParams(over: Record<string, string>): URLSearchParams {
  const search = new URLSearchParams({
    client_id: 'c1',
    redirect_uri: 'https://console.test/cb',
    response_type: 'code',
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...over,
  })
  for (const [name, value] of Object.entries(over)) if (value === '') search.delete(name)
  return search
}

describe('oidc: verifyPKCE', () => {
  it('verifies the RFC 7636 Appendix B example', () => {
    assert.equal(verifyPKCE(verifier, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'), true)
  })
  it('refuses a wrong, missing, short or non-string verifier', () => {
    assert.equal(verifyPKCE(`${verifier.slice(0, -1)}j`, challenge), false)
    assert.equal(verifyPKCE(undefined, challenge), false)
    assert.equal(verifyPKCE('abc', createHash('sha256').update('abc').digest('base64url')), false)
    assert.equal(verifyPKCE(42, challenge), false)
  })
})

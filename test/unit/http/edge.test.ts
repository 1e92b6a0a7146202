/** HTML escaping and cookie handling at the HTTP edge. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cookieNames, parseCookies, serializeCookie } from '../../../src/http/cookies.ts'
import { html } from '../../../src/http/html/html.ts'

describe('http: html', () => {
  it('escapes every interpolated string, including in attributes', () => {
    const evil = `"><script>alert('x')</script>&`
    assert.equal(
      html`<input value="${evil}">`.value,
      '<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">',
    )
  })
  it('does not escape fragments built by the tag itself', () => {
    assert.equal(html`<p>${html`<b>${'<i>'}</b>`}</p>`.value, '<p><b>&lt;i&gt;</b></p>')
  })
})

describe('http: cookies', () => {
  it('uses __Host- names with Secure when served over https', () => {
    assert.equal(cookieNames(true).session, '__Host-portcullis_session')
    assert.equal(cookieNames(false).session, 'portcullis_session')
    const header = serializeCookie('__Host-portcullis_session', 'abc', {
      secure: true,
      maxAgeSeconds: 60,
    })
    assert.match(header, /HttpOnly/)
    assert.match(header, /SameSite=Lax/)
    assert.match(header, /Secure/)
    assert.match(header, /Path=\//)
    assert.doesNotMatch(header, /Domain=/)
  })
  it('reads the first of repeated cookies and ignores malformed values', () => {
    const jar = parseCookies('a=1; a=2; b=x y; c=ok_-9')
    assert.equal(jar.get('a'), '1')
    assert.equal(jar.get('b'), undefined)
    assert.equal(jar.get('c'), 'ok_-9')
  })
})

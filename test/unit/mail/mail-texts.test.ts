/** Mail texts (issue 27): both languages for every mail, the HTML part escaped, the language chosen right. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAIL_TEXTS, mailIn, recipientLocale } from '../../../src/mail/mail-texts.ts'
import { mailLanguage } from '../../../src/orgs/org-settings.ts'

const HOSTILE = `<script>alert("x")</script> & 'co'`

describe('mail texts', () => {
  it('has every mail in English and German, different, with a subject', () => {
    const kinds = Object.keys(MAIL_TEXTS.en).sort()
    assert.deepEqual(Object.keys(MAIL_TEXTS.de).sort(), kinds)
    const params = {
      organization: 'Acme',
      url: 'https://login.example/x',
      email: 'ada@acme.test',
      left: 3,
      profile: 'Okta',
      warning: 'certificate_expires_soon',
      when: '2027-01-01',
      change: 'held',
      details: ['a line'],
    }
    for (const kind of kinds) {
      const en = mailIn('en', kind as 'reset', params)
      const de = mailIn('de', kind as 'reset', params)
      assert.ok(en.subject.length > 0 && de.subject.length > 0, kind)
      assert.notEqual(en.text, de.text, kind)
      assert.match(de.html, /<html lang="de">/, kind)
    }
  })

  it('escapes what comes from outside in the HTML part, and keeps it as it is in the text', () => {
    const mail = mailIn('en', 'metadataChanged', {
      profile: HOSTILE,
      change: 'changed',
      details: [HOSTILE],
      url: `https://idp.example/?a=1&b="2"`,
    })
    assert.doesNotMatch(mail.html, /<script>/)
    assert.match(
      mail.html,
      /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;co&#39;/,
    )
    assert.ok(mail.text.includes(HOSTILE))
    const invite = mailIn('de', 'invitation', {
      organization: 'A&B',
      url: 'https://x.test/i?a=1&b=2',
    })
    assert.match(invite.html, /<a href="https:\/\/x\.test\/i\?a=1&amp;b=2">/)
    assert.match(invite.text, /\nhttps:\/\/x\.test\/i\?a=1&b=2/)
  })

  it('writes in the person’s language, else the organization’s, else English', () => {
    const org = (language?: string) => ({ settings: language === undefined ? {} : { language } })
    assert.equal(recipientLocale({ locale: 'de' }, mailLanguage(org('en'))), 'de')
    assert.equal(recipientLocale({ locale: null }, mailLanguage(org('de'))), 'de')
    assert.equal(recipientLocale({ locale: null }, mailLanguage(org())), 'en')
    assert.equal(recipientLocale({ locale: null }, mailLanguage(org('fr'))), 'en')
    assert.equal(recipientLocale({ locale: null }, mailLanguage(undefined)), 'en')
  })
})

/** Invitation emails through a real SMTP server on loopback (smtp-server), and without one. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TestSMTPServer } from '../../helpers/smtp.ts'
import { freePort } from '../../helpers/processes.ts'
import { setupAdmin, type AdminFixture } from './admin.setup.ts'

describe('sqlite: invitation emails', () => {
  const smtp = new TestSMTPServer()
  const received = smtp.received
  let f: AdminFixture
  before(async () => {
    f = await setupAdmin('sqlite', {
      config: {
        SMTP_URL: await smtp.start(),
        MAIL_FROM: 'Portcullis <login@example.test>',
      },
    })
  })
  after(async () => {
    await f.close()
    await smtp.stop()
  })

  it('emails the invitation link to the new user and says so', async () => {
    const result = await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/users`, {
      email: 'newbie@orga.test',
    })
    assert.equal(result.status, 201)
    assert.equal(result.json['emailDelivery'], 'sent')
    const mail = received.find((m) => m.to.includes('newbie@orga.test'))
    assert.ok(mail, 'no mail arrived')
    const link = String(result.json['inviteUrl'])
    assert.ok(mail.body.replace(/=\r?\n/g, '').includes(link.split('/invite/')[1] ?? 'x'))
    assert.match(mail.body, /From: Portcullis <login@example\.test>/)
    assert.match(mail.body, /Subject: You are invited to OrgA/)
  })
})

describe('sqlite: invitation emails when delivery is not possible', () => {
  it('still creates the user and returns the link, saying the mail failed or is not configured', async () => {
    const closed = await freePort()
    const failing = await setupAdmin('sqlite', {
      config: { SMTP_URL: `smtp://127.0.0.1:${closed}` },
    })
    const none = await setupAdmin('sqlite')
    try {
      const a = await failing.api(
        failing.a.token,
        'POST',
        `/api/v1/orgs/${failing.a.orgId}/users`,
        { email: 'x@orga.test' },
      )
      assert.equal(a.status, 201)
      assert.equal(a.json['emailDelivery'], 'failed')
      const b = await none.api(none.a.token, 'POST', `/api/v1/orgs/${none.a.orgId}/users`, {
        email: 'y@orga.test',
      })
      assert.equal(b.json['emailDelivery'], 'not_configured')
      assert.match(String(b.json['inviteUrl']), /\/invite\/inv_/)
    } finally {
      await failing.close()
      await none.close()
    }
  })
})

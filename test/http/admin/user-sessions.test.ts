/**
 * Admin API: a user's sessions and "sign out everywhere" (issue 27), on both engines: an admin sees where
 * a user is signed in (browser, never a secret) and ends every session at once — the user's browser is
 * signed out, the console hears `session.revoked` (reason `signed_out_by_admin`), the act is audited —
 * and never reaches another organization's user. And the admin's forced password reset: the password
 * stops working, sessions end, a link is mailed (a real SMTP server on loopback); refused without mail,
 * for the owner, changing nothing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestSMTPServer } from '../../helpers/smtp.ts'
import { setupAdmin, type AdminFixture } from './admin.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: a user's sessions through the Admin API`, () => {
    let f: AdminFixture
    before(async () => {
      f = await setupAdmin(dialect)
    })
    after(() => f?.close())

    it('lists where a user is signed in and signs them out everywhere, audited and told', async () => {
      await f.addUser(f.a, 'roamer@orga.test', 'member')
      const one = await f.signIn('roamer@orga.test')
      const two = await f.signIn('roamer@orga.test')
      const users = `/api/v1/orgs/${f.a.orgId}/users`
      const userId = (await f.api(f.a.token, 'GET', `${users}?q=roamer`)).json['users'] as {
        id: string
      }[]
      const id = userId[0]?.id ?? ''
      const listed = await f.api(f.a.token, 'GET', `${users}/${id}/sessions`)
      assert.equal(listed.status, 200)
      const sessions = listed.json['sessions'] as { sid: string; userAgent: string }[]
      assert.equal(sessions.length, 2)
      assert.equal(sessions[0]?.userAgent, 'portcullis-test-browser')
      assert.ok(!JSON.stringify(listed.json).includes('idHash'), 'no secret or its hash')

      const ended = await f.api(f.a.token, 'POST', `${users}/${id}/sign-out`)
      assert.deepEqual(ended.json, { endedSessions: 2 })
      for (const who of [one, two]) {
        const me = await who.browser.request(`${f.url}/api/v1/session`)
        assert.equal(me.status, 401, 'the browser is signed out')
      }
      assert.deepEqual((await f.api(f.a.token, 'GET', `${users}/${id}/sessions`)).json, {
        sessions: [],
      })
      const events = await f.server.app.services.events.list({
        orgId: f.a.orgId,
        types: ['session.revoked'],
        limit: 100,
      })
      const reasons = events.events
        .filter((e) => e.data['userId'] === id)
        .map((e) => e.data['reason'])
      assert.deepEqual(reasons, ['signed_out_by_admin', 'signed_out_by_admin'])
      const audit = await f.api(
        f.a.token,
        'GET',
        `/api/v1/orgs/${f.a.orgId}/audit-events?type=user.signed_out_everywhere`,
      )
      assert.equal((audit.json['events'] as unknown[]).length, 1)
    })

    it('never shows or ends another organization’s user’s sessions', async () => {
      await f.addUser(f.b, 'other@orgb.test', 'member')
      const theirs = await f.signIn('other@orgb.test')
      const bUsers = await f.api(f.b.token, 'GET', `/api/v1/orgs/${f.b.orgId}/users?q=other`)
      const id = (bUsers.json['users'] as { id: string }[])[0]?.id ?? ''
      const path = `/api/v1/orgs/${f.a.orgId}/users/${id}`
      assert.equal((await f.api(f.a.token, 'GET', `${path}/sessions`)).status, 404)
      assert.equal((await f.api(f.a.token, 'POST', `${path}/sign-out`)).status, 404)
      assert.equal((await theirs.browser.request(`${f.url}/api/v1/session`)).status, 200)
      // Nor through the other organization's path with this organization's token.
      const cross = await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.b.orgId}/users/${id}/sign-out`)
      assert.ok(cross.status === 403 || cross.status === 404, String(cross.status))
      assert.equal((await theirs.browser.request(`${f.url}/api/v1/session`)).status, 200)
    })
  })

  describe(`${dialect}: an admin's forced password reset`, () => {
    let f: AdminFixture
    const smtp = new TestSMTPServer()
    before(async () => {
      f = await setupAdmin(dialect, { config: { SMTP_URL: await smtp.start() } })
    })
    after(async () => {
      await f?.close()
      await smtp.stop()
    })

    it('stops the password, ends every session, mails a link; never the owner', async () => {
      await f.addUser(f.a, 'forgetful@orga.test', 'member')
      const signedIn = await f.signIn('forgetful@orga.test')
      const users = `/api/v1/orgs/${f.a.orgId}/users`
      const id = (
        (await f.api(f.a.token, 'GET', `${users}?q=forgetful`)).json['users'] as {
          id: string
        }[]
      )[0]?.id
      const forced = await f.api(f.a.token, 'POST', `${users}/${id}/force-password-reset`)
      assert.equal(forced.status, 200, JSON.stringify(forced.json))
      assert.deepEqual(forced.json, { endedSessions: 1 })
      assert.equal((await signedIn.browser.request(`${f.url}/api/v1/session`)).status, 401)
      await assert.rejects(f.signIn('forgetful@orga.test'), /sign-in failed: 401/)
      await f.server.app.services.outbox.drain()
      const mail = smtp.received.filter((m) => m.to.includes('forgetful@orga.test')).at(-1)
      assert.match(mail?.body.replace(/=\r?\n/g, '') ?? '', /\/reset\/rst_/)
      // The mail says what happened: the old password is gone — never "ignore this, it stays".
      assert.match(mail?.body.replace(/=\r?\n/g, '') ?? '', /the old one no longer works/)
      assert.doesNotMatch(mail?.body ?? '', /your password stays as it is/)
      const owner = await f.api(f.a.token, 'POST', `${users}/${f.a.ownerId}/force-password-reset`)
      assert.equal(owner.status, 409)
      assert.equal((owner.json['error'] as { code: string }).code, 'user.owner_protected')
      await f.signIn(f.a.ownerEmail)
    })

    it('refuses where no mail can go, changing nothing', async () => {
      const quiet = await setupAdmin(dialect)
      try {
        await quiet.addUser(quiet.a, 'stays@orga.test', 'member')
        const users = `/api/v1/orgs/${quiet.a.orgId}/users`
        const id = (
          (await quiet.api(quiet.a.token, 'GET', `${users}?q=stays`)).json['users'] as {
            id: string
          }[]
        )[0]?.id
        const refused = await quiet.api(
          quiet.a.token,
          'POST',
          `${users}/${id}/force-password-reset`,
        )
        assert.equal(refused.status, 409)
        assert.equal((refused.json['error'] as { code: string }).code, 'user.mail_unavailable')
        await quiet.signIn('stays@orga.test')
      } finally {
        await quiet.close()
      }
    })
  })
}

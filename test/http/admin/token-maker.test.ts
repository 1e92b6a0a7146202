/**
 * An Admin API token never outlives its maker's rights (issue 21 item 1): a token an admin made acts as
 * that admin, checked at every request on every instance, and deactivating, demoting (Admin API, import),
 * deprovisioning (SCIM) or deleting the maker also revokes it, audited with the reason. The operator's
 * tokens are not touched.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { RunningServer } from '../../../src/main.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { PATCH_SCHEMA, setupSCIM, type SCIMFixture } from '../scim/scim.setup.ts'
import { errorCode, type AdminFixture, type SignedIn } from './admin.setup.ts'

interface TokenBody {
  id: string
  revokedAt: string | null
}

for (const engine of DIALECTS) {
  describe(`${engine}: Admin API tokens and their maker`, () => {
    let s: SCIMFixture
    let f: AdminFixture
    let owner: SignedIn
    let other: RunningServer
    const org = () => `/api/v1/orgs/${f.a.orgId}`
    let counter = 0

    /** A new admin of org A, signed in, and a token they made through the Admin API. */
    const adminWithToken = async () => {
      const email = `admin${++counter}@${s.a.domain}`
      const id = await f.addUser(f.a, email, 'admin')
      const admin = await f.signIn(email)
      const made = await f.sessionApi(admin, 'POST', `${org()}/api-tokens`, { name: 'ci' })
      assert.equal(made.status, 201, JSON.stringify(made.json))
      return {
        id,
        email,
        admin,
        secret: String(made.json['secret']),
        tokenId: (made.json['token'] as TokenBody).id,
      }
    }
    /** Status codes of `n` concurrent reads with `secret`, on both instances. */
    const statuses = async (secret: string, n = 10) => {
      const urls = [f.url, other.url]
      const answers = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          fetch(`${urls[i % 2]}${org()}/settings`, {
            headers: { authorization: `Bearer ${secret}` },
          }).then((r) => r.status),
        ),
      )
      return [...new Set(answers)]
    }
    const revocationReason = async (tokenId: string) => {
      const events = await f.api(
        f.a.token,
        'GET',
        `${org()}/audit-events?type=api_token.revoked&limit=100`,
      )
      const event = (
        events.json['events'] as { target: { id: string }; details: { reason?: string } }[]
      ).find((e) => e.target.id === tokenId)
      return event?.details.reason
    }
    const tokenRevoked = async (tokenId: string) => {
      const listed = await f.api(f.a.token, 'GET', `${org()}/api-tokens`)
      return (
        (listed.json['tokens'] as TokenBody[]).find((t) => t.id === tokenId)?.revokedAt !== null
      )
    }

    before(async () => {
      s = await setupSCIM(engine)
      f = s.f
      owner = await f.signIn(f.a.ownerEmail)
      other = await f.startAnother()
    })
    after(() => s?.close())

    it('a deactivated admin’s token reads nothing and makes no admin, on every instance; revoked and audited', async () => {
      const maker = await adminWithToken()
      assert.deepEqual(await statuses(maker.secret), [200])
      const off = await f.sessionApi(owner, 'POST', `${org()}/users/${maker.id}/deactivate`)
      assert.equal(off.status, 200, JSON.stringify(off.json))
      assert.deepEqual(await statuses(maker.secret, 20), [401])
      const escalate = await f.api(maker.secret, 'POST', `${org()}/users`, {
        email: `sneaky@${s.a.domain}`,
        role: 'admin',
      })
      assert.equal(escalate.status, 401)
      assert.equal(errorCode(escalate.json), 'auth.unauthenticated')
      assert.ok(await tokenRevoked(maker.tokenId))
      assert.equal(await revocationReason(maker.tokenId), 'maker_deactivated')
      // Reactivation does not bring the token back.
      await f.sessionApi(owner, 'POST', `${org()}/users/${maker.id}/reactivate`)
      assert.deepEqual(await statuses(maker.secret), [401])
      assert.deepEqual(await statuses(f.a.token), [200], "the operator's token is untouched")
    })

    it('checks the maker at every request, even for a token that escaped revocation', async () => {
      // As if the token had been made while the deactivation committed: only the status changes.
      const maker = await adminWithToken()
      await f.server.app.database.db
        .updateTable('users')
        .set({ status: 'deactivated' })
        .where('id', '=', maker.id)
        .execute()
      assert.deepEqual(await statuses(maker.secret), [401])
      assert.equal(await tokenRevoked(maker.tokenId), false, 'nothing revoked it')
      await f.server.app.database.db
        .updateTable('users')
        .set({ status: 'active', role: 'member' })
        .where('id', '=', maker.id)
        .execute()
      assert.deepEqual(await statuses(maker.secret), [401], 'a member’s token has no rights')
      await f.server.app.database.db
        .updateTable('users')
        .set({ role: 'admin' })
        .where('id', '=', maker.id)
        .execute()
      assert.deepEqual(await statuses(maker.secret), [200], 'an admin again: the positive control')
    })

    it('demotion to member through the Admin API revokes the maker’s tokens at once', async () => {
      const maker = await adminWithToken()
      const second = await f.sessionApi(maker.admin, 'POST', `${org()}/api-tokens`, { name: 'b' })
      const secondSecret = String(second.json['secret'])
      const demoted = await f.api(f.a.token, 'PATCH', `${org()}/users/${maker.id}`, {
        role: 'member',
      })
      assert.equal(demoted.status, 200, JSON.stringify(demoted.json))
      assert.deepEqual(await statuses(maker.secret), [401])
      assert.deepEqual(await statuses(secondSecret), [401])
      assert.equal(await revocationReason(maker.tokenId), 'maker_demoted')
      // A name change keeps an admin's token.
      const kept = await adminWithToken()
      await f.api(f.a.token, 'PATCH', `${org()}/users/${kept.id}`, { givenName: 'Kept' })
      assert.deepEqual(await statuses(kept.secret), [200])
    })

    it('demotion by a CSV import revokes the maker’s tokens', async () => {
      const maker = await adminWithToken()
      const upload = await fetch(`${f.url}${org()}/users/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.a.token}`, 'content-type': 'text/csv' },
        body: `email,role\n${maker.email},member\n`,
      })
      assert.equal(upload.status, 202, await upload.text())
      await f.server.app.services.imports.processRuns()
      assert.deepEqual(await statuses(maker.secret), [401])
      assert.equal(await revocationReason(maker.tokenId), 'maker_demoted')
    })

    it('deprovisioning by SCIM (active=false) and deletion revoke the maker’s tokens', async () => {
      const deprovisioned = await adminWithToken()
      const patched = await s.scim(s.a, 'PATCH', `/Users/${deprovisioned.id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      })
      assert.equal(patched.status, 200, patched.text)
      assert.deepEqual(await statuses(deprovisioned.secret), [401])
      assert.equal(await revocationReason(deprovisioned.tokenId), 'maker_deactivated')

      const deleted = await adminWithToken()
      const gone = await f.api(f.a.token, 'DELETE', `${org()}/users/${deleted.id}`)
      assert.equal(gone.status, 204, JSON.stringify(gone.json))
      assert.deepEqual(await statuses(deleted.secret), [401])
      assert.equal(await revocationReason(deleted.tokenId), 'maker_deleted')
    })
  })
}

/** Contract suites for organizations, OIDC clients, admin API tokens and audit events, on every engine. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { OPERATOR_CLI } from '../../src/audit/audit-event.ts'
import { auditEvent } from '../../src/audit/audit-log.ts'
import { ManualClock } from '../../src/platform/clock.ts'
import { newId } from '../../src/platform/random.ts'
import { DIALECTS } from '../helpers/databases.ts'
import { buildOrganization } from '../helpers/fixtures.ts'
import { openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: organization, client, token and audit repositories`, () => {
    let t: OpenedTestDatabase
    before(async () => {
      t = await openTestDatabase(dialect)
    })
    after(() => t.close())

    it('round-trips an organization with its settings', async () => {
      const org = buildOrganization({
        settings: { sessionLifetimeSeconds: 3600, nested: { a: [1] } },
      })
      await t.store.read.orgs.insert(org)
      assert.deepEqual(await t.store.read.orgs.findById(org.id), org)
      assert.equal(await t.store.read.orgs.findById(newId()), undefined)
    })

    it('round-trips an OIDC client with its redirect URIs', async () => {
      const client = {
        id: newId(),
        name: 'Console',
        redirectUris: ['https://console.test/cb', 'http://localhost:8080/cb'],
        secretHash: null,
        postLogoutRedirectUris: ['https://console.test/signed-out'],
        initiateLoginUri: 'https://console.test/login',
        idTokenAlg: 'ES256' as const,
        createdAt: 1,
        updatedAt: 2,
        disabledAt: null,
        previousSecretHash: null,
        previousSecretExpiresAt: null,
        backchannelLogoutUri: null,
      }
      await t.store.read.clients.insert(client)
      assert.deepEqual(await t.store.read.clients.findById(client.id), client)
    })

    it('finds an admin API token by hash only while it is not revoked', async () => {
      const org = buildOrganization()
      await t.store.read.orgs.insert(org)
      const token = {
        id: newId(),
        orgId: org.id,
        name: 'ci',
        tokenHash: `hash-${newId()}`,
        createdAt: 10,
        createdBy: { type: 'user' as const, id: 'admin-1' },
        lastUsedAt: null,
        revokedAt: null,
      }
      const { apiTokens } = t.store.read
      await apiTokens.insert(token)
      // The token and its organization, as the organization's own read gives it, in one statement.
      assert.deepEqual(await apiTokens.findActiveByHash(token.tokenHash), {
        token,
        organization: await t.store.read.orgs.findById(org.id),
      })
      assert.deepEqual(await apiTokens.listForOrg(org.id), [token])
      assert.equal(await apiTokens.findById('other-org', token.id), undefined)
      assert.equal(await apiTokens.revoke(org.id, token.id, 11), true)
      assert.equal(await apiTokens.revoke(org.id, token.id, 12), false, 'revoked once')
      assert.equal(await apiTokens.findActiveByHash(token.tokenHash), undefined)
      assert.equal((await apiTokens.findById(org.id, token.id))?.revokedAt, 11)
    })

    it('lists audit events of one organization only, newest first', async () => {
      const clock = new ManualClock(1_000)
      const orgA = buildOrganization()
      const orgB = buildOrganization()
      for (const org of [orgA, orgB]) await t.store.read.orgs.insert(org)
      const first = auditEvent(clock, {
        orgId: orgA.id,
        type: 'org.created',
        outcome: 'success',
        actor: OPERATOR_CLI,
        target: { type: 'organization', id: orgA.id },
        details: { name: 'A' },
      })
      clock.advance(5)
      const second = auditEvent(clock, {
        orgId: orgA.id,
        type: 'login.failed',
        outcome: 'failure',
        reasonCode: 'login.bad_password',
        actor: { type: 'anonymous', id: null, ip: '192.0.2.1', userAgent: 'test' },
      })
      const other = auditEvent(clock, {
        orgId: orgB.id,
        type: 'org.created',
        outcome: 'success',
        actor: OPERATOR_CLI,
      })
      for (const event of [first, second, other]) await t.store.read.audit.insert(event)
      const listed = await t.store.read.audit.listForOrg(orgA.id, 10)
      assert.deepEqual(
        listed.map((e) => e.id),
        [second.id, first.id],
      )
      assert.equal(listed[0]?.reasonCode, 'login.bad_password')
      assert.equal(listed[0]?.actor.ip, '192.0.2.1')
      assert.deepEqual(listed[1]?.details, { name: 'A' })
      assert.deepEqual(listed[1]?.target, { type: 'organization', id: orgA.id })
    })
  })
}

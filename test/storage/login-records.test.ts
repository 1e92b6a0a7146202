/**
 * Contract suites for the login front door's repositories, on every engine: single use under
 * concurrency, atomic throttling counts, one active signing key, revocation.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { newLoginTransaction } from '../../src/oidc/login-transaction.ts'
import { RATE_LIMITS } from '../../src/throttling/rate-limit.ts'
import { newSession } from '../../src/sessions/session.ts'
import { issueAccessToken } from '../../src/oidc/access-token.ts'
import { issueAuthCode } from '../../src/oidc/auth-code.ts'
import { generateSigningKey } from '../../src/oidc/signing-key.ts'
import { SigningKeyService } from '../../src/services/sign-in/signing-key-service.ts'
import { ManualClock } from '../../src/platform/clock.ts'
import { createSecretBox } from '../../src/platform/secret-box.ts'
import { newId } from '../../src/platform/random.ts'
import { DIALECTS } from '../helpers/databases.ts'
import { buildOrganization, buildProfile, buildUser } from '../helpers/fixtures.ts'
import { openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

/** An organization, an active user of it and a public OIDC client: what codes and sessions refer to. */
function loginFixture() {
  const org = buildOrganization()
  return { org, user: buildUser(org.id, { status: 'active' }), clientId: newId() }
}

async function seedLoginFixture(
  t: OpenedTestDatabase,
  { org, user, clientId }: ReturnType<typeof loginFixture>,
): Promise<void> {
  await t.store.read.orgs.insert(org)
  await t.store.read.users.insert(user)
  await t.store.read.clients.insert({
    id: clientId,
    name: 'C',
    redirectUris: ['https://c.test/cb'],
    secretHash: null,
    postLogoutRedirectUris: [],
    initiateLoginUri: null,
    idTokenAlg: 'RS256' as const,
    createdAt: 1,
    updatedAt: 1,
    disabledAt: null,
    previousSecretHash: null,
    previousSecretExpiresAt: null,
    backchannelLogoutUri: null,
  })
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: login repositories`, () => {
    let t: OpenedTestDatabase
    const clock = new ManualClock(1_800_000_000_000)
    const { org, user, clientId } = loginFixture()
    before(async () => {
      t = await openTestDatabase(dialect)
      await seedLoginFixture(t, { org, user, clientId })
    })
    after(() => t.close())

    const code = () =>
      issueAuthCode(clock, {
        orgId: org.id,
        userId: user.id,
        clientId,
        redirectUri: 'https://c.test/cb',
        codeChallenge: CHALLENGE,
        sessionSid: 'sid-1',
        nonce: null,
        scope: 'openid',
        amr: ['pwd'],
        authTime: clock.now(),
      })

    it('consumes an authorization code exactly once among concurrent redeemers', async () => {
      const { code: issued } = code()
      await t.store.read.authCodes.insert(issued)
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.store.transaction(({ authCodes }) => authCodes.consume(issued.codeHash, clock.now())),
        ),
      )
      assert.equal(results.filter((r) => r !== undefined).length, 1)
      assert.deepEqual(results.find((r) => r !== undefined)?.amr, ['pwd'])
      assert.notEqual((await t.store.read.authCodes.find(issued.codeHash))?.consumedAt, null)
    })

    it('revokes pending codes and live tokens of one user only', async () => {
      const other = buildUser(org.id)
      await t.store.read.users.insert(other)
      const mine = code().code
      await t.store.read.authCodes.insert(mine)
      const token = issueAccessToken(clock, {
        codeHash: mine.codeHash,
        orgId: org.id,
        userId: user.id,
        clientId,
        sessionSid: 'sid-1',
        scope: 'openid',
      }).token
      await t.store.read.accessTokens.insert(token)
      assert.ok(await t.store.read.accessTokens.findActive(token.tokenHash, clock.now()))
      assert.equal(
        await t.store.read.accessTokens.revokeAllForUser(org.id, other.id, clock.now()),
        0,
      )
      assert.ok((await t.store.read.authCodes.revokeAllForUser(org.id, user.id, clock.now())) >= 1)
      assert.equal(await t.store.read.accessTokens.revokeByCode(mine.codeHash, clock.now()), 1)
      assert.equal(
        await t.store.read.accessTokens.findActive(token.tokenHash, clock.now()),
        undefined,
      )
    })

    it('does not return an expired access token', async () => {
      const token = issueAccessToken(clock, {
        codeHash: 'c',
        orgId: org.id,
        userId: user.id,
        clientId,
        sessionSid: 's',
        scope: 'openid',
      }).token
      await t.store.read.accessTokens.insert(token)
      assert.equal(
        await t.store.read.accessTokens.findActive(token.tokenHash, token.expiresAt),
        undefined,
      )
    })

    const lockRule = {
      kind: 'lock',
      quietWindowMs: 60_000,
      maxAttempts: 5,
      baseLockMs: 10_000,
      maxLockMs: 40_000,
    } as const
    const slowRule = {
      kind: 'slow',
      quietWindowMs: 60_000,
      freeAttempts: 3,
      baseDelayMs: 1_000,
      maxDelayMs: 4_000,
      maxWaitMs: 5_000,
    } as const

    it('admits exactly the limit of concurrent attempts and locks on the last (one atomic statement)', async () => {
      const key = `login:pair:${newId()}`
      const now = clock.now()
      const results = await Promise.all(
        Array.from({ length: 12 }, () => t.store.read.rateLimits.admitLocked(key, lockRule, now)),
      )
      const admitted = results.filter((r) => r.admittedAt !== null)
      assert.equal(admitted.length, 5)
      assert.deepEqual(admitted.map((r) => r.attempts).sort(), [1, 2, 3, 4, 5])
      assert.ok(results.every((r) => r.admittedAt !== null || r.until === now + 10_000))
    })

    it('admits one attempt after a lock ends and doubles the next lock, up to the cap', async () => {
      const key = `login:pair:${newId()}`
      let now = clock.now()
      for (let i = 0; i < 5; i++) await t.store.read.rateLimits.admitLocked(key, lockRule, now)
      const locks: number[] = []
      for (let round = 0; round < 4; round++) {
        const blocked = await t.store.read.rateLimits.admitLocked(key, lockRule, now + 1)
        assert.equal(blocked.admittedAt, null)
        now = blocked.until ?? 0
        const next = await t.store.read.rateLimits.admitLocked(key, lockRule, now)
        assert.equal(next.admittedAt, now)
        locks.push((next.until ?? 0) - now)
      }
      assert.deepEqual(locks, [20_000, 40_000, 40_000, 40_000])
    })

    it('locks for a fixed time when the first lock is already the cap', async () => {
      const fixed = { ...lockRule, baseLockMs: 30_000, maxLockMs: 30_000 }
      const key = `reset:account:${newId()}`
      const now = clock.now()
      const results = await Promise.all(
        Array.from({ length: 7 }, () => t.store.read.rateLimits.admitLocked(key, fixed, now)),
      )
      assert.equal(results.filter((r) => r.admittedAt !== null).length, 5)
      assert.ok(results.every((r) => r.until === null || r.until === now + 30_000))
      const later = await t.store.read.rateLimits.admitLocked(key, fixed, now + 30_000)
      assert.equal(later.admittedAt, now + 30_000)
      assert.equal(later.until, now + 60_000)
    })

    it('forgets attempts a quiet window after the last one and after the lock', async () => {
      const key = `login:pair:${newId()}`
      const now = clock.now()
      for (let i = 0; i < 5; i++) await t.store.read.rateLimits.admitLocked(key, lockRule, now)
      const fresh = await t.store.read.rateLimits.admitLocked(key, lockRule, now + 10_000 + 60_000)
      assert.deepEqual(fresh, { attempts: 1, admittedAt: now + 70_000, until: null })
    })

    it('refunds an attempt (unlocking below the limit) and resets on demand', async () => {
      const key = `login:address:${newId()}`
      const now = clock.now()
      for (let i = 0; i < 5; i++) await t.store.read.rateLimits.admitLocked(key, lockRule, now)
      await t.store.read.rateLimits.refund(key, lockRule)
      const again = await t.store.read.rateLimits.admitLocked(key, lockRule, now)
      assert.equal(again.attempts, 5)
      assert.notEqual(again.admittedAt, null)
      await t.store.read.rateLimits.reset(key)
      assert.equal((await t.store.read.rateLimits.admitLocked(key, lockRule, now)).attempts, 1)
    })

    it('slows attempts past the free ones into distinct slots and refuses beyond the wait', async () => {
      const key = `login:account:${newId()}`
      const now = clock.now()
      const results = await Promise.all(
        Array.from({ length: 8 }, () => t.store.read.rateLimits.admitSlowed(key, slowRule, now)),
      )
      const byAttempt = results.sort((a, b) => a.attempts - b.attempts).map((r) => r.admittedAt)
      // 3 free; then slots at now, +1 s, +3 s (delays 1, 2, 4 s), then the queue is over 5 s long.
      assert.deepEqual(byAttempt, [now, now, now, now, now + 1_000, now + 3_000, null, null])
      const later = await t.store.read.rateLimits.admitSlowed(key, slowRule, now + 3_000)
      assert.equal(later.admittedAt, now + 7_000)
      const quiet = await t.store.read.rateLimits.admitSlowed(key, slowRule, now + 200_000)
      assert.deepEqual(quiet, { attempts: 1, admittedAt: now + 200_000, until: null })
    })

    it('keeps one active signing key per purpose', async () => {
      const first = await generateSigningKey(clock, 'saml')
      const second = await generateSigningKey(clock, 'saml')
      assert.equal(await t.store.read.signingKeys.insertActive(first), true)
      assert.equal(await t.store.read.signingKeys.insertActive(second), false)
      await t.store.transaction(async ({ signingKeys }) => {
        await signingKeys.demoteActive('saml', clock.now())
        assert.equal(await signingKeys.insertActive(second), true)
      })
      assert.deepEqual(
        (await t.store.read.signingKeys.listPublished('saml')).map((k) => k.state).sort(),
        ['active', 'published'],
      )
      assert.equal((await t.store.read.signingKeys.findActive('saml'))?.kid, second.kid)
    })

    it('completes a login transaction once, and not after it expired', async () => {
      const request = {
        clientId,
        redirectUri: 'https://c.test/cb',
        state: 's',
        nonce: null,
        scope: 'openid',
        codeChallenge: CHALLENGE,
        prompt: null,
        loginHint: null,
        uiLocales: null,
        maxAgeSeconds: null,
      }
      const { transaction } = newLoginTransaction(clock, request, undefined, false)
      await t.store.read.loginTransactions.insert(transaction)
      await t.store.read.loginTransactions.setEmail(transaction.id, 'Ada@Example.test')
      assert.equal(
        (await t.store.read.loginTransactions.find(transaction.id))?.email,
        'Ada@Example.test',
      )
      assert.equal(await t.store.read.loginTransactions.complete(transaction.id, clock.now()), true)
      assert.equal(
        await t.store.read.loginTransactions.complete(transaction.id, clock.now()),
        false,
      )
      const late = newLoginTransaction(clock, request, undefined, false).transaction
      await t.store.read.loginTransactions.insert(late)
      assert.equal(await t.store.read.loginTransactions.complete(late.id, late.expiresAt), false)
    })

    it('consumes a pending SAML request once, only for its profile and browser, before it expires', async () => {
      const profile = buildProfile(org.id)
      await t.store.read.ssoProfiles.insert(profile)
      assert.equal((await t.store.read.ssoProfiles.findById(org.id, profile.id))?.id, profile.id)
      assert.equal((await t.store.read.ssoProfiles.findByPathId(profile.id))?.orgId, org.id)
      assert.equal(await t.store.read.ssoProfiles.findById(newId(), profile.id), undefined)
      const request = (id: string, expiresAt: number) => ({
        id,
        orgId: org.id,
        profileId: profile.id,
        bindingHash: 'browser-1',
        purpose: 'login' as const,
        loginTransactionId: null,
        createdAt: clock.now(),
        expiresAt,
        consumedAt: null,
        actor: null,
      })
      const now = clock.now()
      await t.store.read.samlRequests.insert(request('_r1', now + 60_000))
      const requests = t.store.read.samlRequests
      assert.equal(await requests.consume(profile.id, '_r1', 'browser-2', now), undefined)
      assert.equal(await requests.consume(newId(), '_r1', 'browser-1', now), undefined)
      const tries = await Promise.all(
        Array.from({ length: 8 }, () => requests.consume(profile.id, '_r1', 'browser-1', now)),
      )
      const won = tries.filter((r) => r !== undefined)
      assert.equal(won.length, 1)
      assert.equal(won[0]?.consumedAt, now)
      assert.equal(won[0]?.purpose, 'login')
      await t.store.read.samlRequests.insert(request('_r2', now + 60_000))
      assert.equal(await requests.consume(profile.id, '_r2', 'browser-1', now + 60_000), undefined)
    })

    it('records an assertion id once per issuer among concurrent ACS requests', async () => {
      const replay = t.store.read.samlRequests
      const tries = await Promise.all(
        Array.from({ length: 8 }, () => replay.recordAssertion('https://idp.test', '_a1', 2e12)),
      )
      assert.deepEqual(
        tries.filter((first) => first),
        [true],
      )
      assert.equal(await replay.recordAssertion('https://other.test', '_a1', 2e12), true)
    })

    it('remembers a device, and a later sign-in from it moves its email and expiry', async () => {
      const device = {
        deviceHash: newId(),
        orgId: org.id,
        userId: user.id,
        emailCanonical: 'old@example.test',
        createdAt: 1,
        lastUsedAt: 1,
        expiresAt: 1_000,
      }
      const known = t.store.read.knownDevices
      await known.remember(device)
      assert.equal(await known.isKnown(device.deviceHash, 'old@example.test', 500), true)
      assert.equal(await known.isKnown(device.deviceHash, 'old@example.test', 1_000), false)
      await known.remember({ ...device, emailCanonical: 'new@example.test', expiresAt: 5_000 })
      assert.equal(await known.isKnown(device.deviceHash, 'old@example.test', 500), false)
      assert.equal(await known.isKnown(device.deviceHash, 'new@example.test', 4_000), true)
    })

    it('finds sessions by hash and by sid within the organization, and revokes them', async () => {
      const { session } = newSession(
        clock,
        { idleMs: 1000, absoluteMs: 5000 },
        {
          orgId: org.id,
          userId: user.id,
          authMethod: 'pwd',
          secondFactor: null,
          ssoProfileId: null,
          userAgent: null,
          ip: null,
        },
      )
      await t.store.read.sessions.insert(session)
      assert.deepEqual(await t.store.read.sessions.findByIdHash(session.idHash), session)
      assert.equal(await t.store.read.sessions.findBySid('other-org', session.sid), undefined)
      assert.equal(await t.store.read.sessions.revoke(session.idHash, clock.now()), true)
      assert.equal(await t.store.read.sessions.revoke(session.idHash, clock.now()), false)
    })

    it('finds a domain for login only while it is verified', async () => {
      const name = `d-${newId().slice(0, 8)}.test`
      const insert = (status: string) =>
        t.database.db
          .insertInto('domains')
          .values({
            id: newId(),
            org_id: org.id,
            name,
            status,
            verification_token: 't',
            verified_at: null,
            last_checked_at: null,
            uncertain_since: null,
            sso_profile_id: null,
            enforced_at: 5,
            created_at: 1,
            updated_at: 1,
          })
          .execute()
      await insert('unverified')
      assert.equal(await t.store.read.domains.findVerifiedByName(name), undefined)
      await t.database.db
        .updateTable('domains')
        .set({ status: 'verified-uncertain' })
        .where('name', '=', name)
        .execute()
      assert.deepEqual(await t.store.read.domains.findVerifiedByName(name), {
        orgId: org.id,
        name,
        status: 'verified-uncertain',
        ssoProfileId: null,
        enforced: true,
        ssoAvailable: true,
      })
      // The organization's plan says whether its domain can be used for SSO at all (issue 23).
      await t.store.read.orgs.update(org.id, { features: ['scim'] }, 6)
      assert.equal((await t.store.read.domains.findVerifiedByName(name))?.ssoAvailable, false)
    })
  })
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: job leases`, () => {
    let t: OpenedTestDatabase
    before(async () => {
      t = await openTestDatabase(dialect)
    })
    after(() => t.close())

    it('gives a due job to exactly one of many concurrent instances, then not again until due', async () => {
      const now = 5_000_000
      const won = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t.store.transaction(({ jobLeases }) =>
            jobLeases.tryAcquire('job', `i${i}`, now, now + 1000, now - 100),
          ),
        ),
      )
      assert.equal(won.filter(Boolean).length, 1)
      const holder = `i${won.indexOf(true)}`
      assert.equal(
        await t.store.read.jobLeases.tryAcquire('job', 'other', now + 1, now + 1000, now - 100),
        false,
      )
      await t.store.read.jobLeases.finish('job', holder, now + 10)
      // Finished at now+10: not due again until the interval passes.
      assert.equal(
        await t.store.read.jobLeases.tryAcquire('job', 'other', now + 20, now + 1000, now - 100),
        false,
      )
      assert.equal(
        await t.store.read.jobLeases.tryAcquire('job', 'other', now + 200, now + 1200, now + 10),
        true,
      )
    })

    it('lets another instance take over a lease that ran out', async () => {
      assert.equal(await t.store.read.jobLeases.tryAcquire('crash', 'a', 0, 100, 0), true)
      assert.equal(await t.store.read.jobLeases.tryAcquire('crash', 'b', 50, 150, 0), false)
      assert.equal(await t.store.read.jobLeases.tryAcquire('crash', 'b', 100, 200, 0), true)
    })
  })
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: sweeping expired rows`, () => {
    let t: OpenedTestDatabase
    const clock = new ManualClock(1_900_000_000_000)
    const { org, user, clientId } = loginFixture()
    before(async () => {
      t = await openTestDatabase(dialect)
      await seedLoginFixture(t, { org, user, clientId })
    })
    after(() => t.close())

    it('deletes what can no longer be used and keeps what can', async () => {
      const request = {
        clientId,
        redirectUri: 'https://c.test/cb',
        state: null,
        nonce: null,
        scope: 'openid',
        codeChallenge: CHALLENGE,
        prompt: null,
        loginHint: null,
        uiLocales: null,
        maxAgeSeconds: null,
      }
      const old = newLoginTransaction(clock, request, undefined, false).transaction
      await t.store.read.loginTransactions.insert(old)
      const codeFields = {
        orgId: org.id,
        userId: user.id,
        clientId,
        redirectUri: 'https://c.test/cb',
        codeChallenge: CHALLENGE,
        sessionSid: 's',
        nonce: null,
        scope: 'openid',
        amr: ['pwd'] as const,
        authTime: clock.now(),
      }
      await t.store.read.authCodes.insert(
        issueAuthCode(clock, { ...codeFields, amr: ['pwd'] }).code,
      )
      const lifetimes = { idleMs: 1000, absoluteMs: 5000 }
      const ended = newSession(clock, lifetimes, {
        orgId: org.id,
        userId: user.id,
        authMethod: 'pwd',
        secondFactor: null,
        ssoProfileId: null,
        userAgent: null,
        ip: null,
      }).session
      await t.store.read.sessions.insert(ended)
      await t.store.read.rateLimits.admitLocked('login:pair:quiet', RATE_LIMITS.pair, clock.now())

      clock.advance(30 * 24 * 3600_000)
      const live = newLoginTransaction(clock, request, undefined, false).transaction
      await t.store.read.loginTransactions.insert(live)
      await t.store.read.authCodes.insert(
        issueAuthCode(clock, { ...codeFields, amr: ['pwd'] }).code,
      )
      const current = newSession(clock, lifetimes, {
        orgId: org.id,
        userId: user.id,
        authMethod: 'pwd',
        secondFactor: null,
        ssoProfileId: null,
        userAgent: null,
        ip: null,
      }).session
      await t.store.read.sessions.insert(current)

      const swept = await t.store.transaction(({ maintenance }) =>
        maintenance.sweepExpired(clock.now(), 7 * 24 * 3600_000),
      )
      assert.equal(swept['login_transactions'], 1)
      assert.equal(swept['auth_codes'], 1)
      assert.equal(swept['sessions'], 1)
      assert.equal(swept['rate_limits'], 1)
      assert.ok(await t.store.read.loginTransactions.find(live.id))
      assert.equal(await t.store.read.loginTransactions.find(old.id), undefined)
      assert.ok(await t.store.read.sessions.findByIdHash(current.idHash))
      assert.equal(await t.store.read.sessions.findByIdHash(ended.idHash), undefined)
    })
  })
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: signing keys at rest`, () => {
    let t: OpenedTestDatabase
    before(async () => {
      t = await openTestDatabase(dialect)
    })
    after(() => t.close())

    it('stores private keys sealed with SECRETS_KEY and reads them back in another instance', async () => {
      const clock = new ManualClock(1_800_000_000_000)
      const secretsKey = Buffer.alloc(32, 9)
      const first = new SigningKeyService({
        store: t.store,
        clock,
        secrets: createSecretBox(secretsKey),
      })
      const { key } = await first.activeKey('oidc')
      const row = await t.database.db
        .selectFrom('signing_keys')
        .select('private_key_pem')
        .where('kid', '=', key.kid)
        .executeTakeFirstOrThrow()
      assert.match(row.private_key_pem, /^enc:v1:/)
      assert.ok(!row.private_key_pem.includes('PRIVATE KEY'))
      const second = new SigningKeyService({
        store: t.store,
        clock,
        secrets: createSecretBox(secretsKey),
      })
      const again = await second.activeKey('oidc')
      assert.equal(again.key.kid, key.kid)
      assert.equal(again.privateKey.asymmetricKeyType, 'rsa')
      const withoutKey = new SigningKeyService({
        store: t.store,
        clock,
        secrets: createSecretBox(undefined),
      })
      await assert.rejects(withoutKey.activeKey('oidc'), /SECRETS_KEY is not set/)
    })
  })
}

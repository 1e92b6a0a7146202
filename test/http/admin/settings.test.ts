/**
 * Organization settings on every engine: defaults and bounds from the deployment, validation that changes
 * nothing, audit old → new, tenant isolation, and each setting applied where it is used — live sessions
 * follow a shorter lifetime at their next request, invitations and new SSO profiles take theirs.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { errorCode, setupAdmin, type AdminFixture } from './admin.setup.ts'

const DEPLOYMENT = {
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: '43200',
  SESSION_IDLE_TIMEOUT_SECONDS: '7200',
  INVITE_TTL_SECONDS: '604800',
  SAML_MAX_CLOCK_SKEW_SECONDS: '180',
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: organization settings`, () => {
    let f: AdminFixture
    const clock = new ManualClock(Date.now())
    const path = () => `/api/v1/orgs/${f.a.orgId}/settings`
    before(async () => {
      f = await setupAdmin(dialect, { config: DEPLOYMENT, clock })
    })
    after(() => f?.close())

    it('starts with nothing set: the deployment’s values apply, and are the maximums', async () => {
      const got = await f.api(f.a.token, 'GET', path())
      assert.equal(got.status, 200)
      assert.deepEqual(got.json, {
        settings: {
          sessionLifetimeSeconds: null,
          sessionIdleTimeoutSeconds: null,
          invitationLifetimeSeconds: null,
          defaultClockSkewSeconds: null,
          passwordUserMfa: null,
          requiredForAdmins: null,
          language: null,
        },
        effective: {
          sessionLifetimeSeconds: 43200,
          sessionIdleTimeoutSeconds: 7200,
          invitationLifetimeSeconds: 604800,
          defaultClockSkewSeconds: 120,
          passwordUserMfa: 'optional',
          requiredForAdmins: false,
          language: 'en',
        },
        defaults: {
          sessionLifetimeSeconds: 43200,
          sessionIdleTimeoutSeconds: 7200,
          invitationLifetimeSeconds: 604800,
          defaultClockSkewSeconds: 120,
          passwordUserMfa: 'optional',
          requiredForAdmins: false,
          language: 'en',
        },
        maximums: {
          sessionLifetimeSeconds: 43200,
          sessionIdleTimeoutSeconds: 7200,
          invitationLifetimeSeconds: 604800,
          defaultClockSkewSeconds: 180,
        },
      })
    })

    it('refuses values outside the bounds, unknown names and an idle timeout above the lifetime, changing nothing', async () => {
      const before = await f.api(f.a.token, 'GET', path())
      for (const [body, code] of [
        [{ sessionLifetimeSeconds: 43201 }, 'org.invalid_settings'],
        [{ sessionLifetimeSeconds: 299 }, 'org.invalid_settings'],
        [{ defaultClockSkewSeconds: 181 }, 'org.invalid_settings'],
        [{ sessionLifetimeSeconds: 3600, sessionIdleTimeoutSeconds: 7200 }, 'org.invalid_settings'],
        [{ invitationLifetimeSeconds: 1.5 }, 'request.invalid'],
        [{ sessionLifetimeSeconds: '3600' }, 'request.invalid'],
        [{ theme: 'dark' }, 'request.invalid'],
        [{ language: 'fr' }, 'request.invalid'],
      ] as const) {
        const refused = await f.api(f.a.token, 'PATCH', path(), body)
        assert.equal(refused.status, 400, JSON.stringify(body))
        assert.equal(errorCode(refused.json), code, JSON.stringify(body))
      }
      assert.deepEqual((await f.api(f.a.token, 'GET', path())).json, before.json)
    })

    it('changes settings, audits old → new, and resets one with null', async () => {
      const changed = await f.api(f.a.token, 'PATCH', path(), {
        invitationLifetimeSeconds: 86400,
        defaultClockSkewSeconds: 60,
      })
      assert.equal(changed.status, 200, JSON.stringify(changed.json))
      const effective = changed.json['effective'] as Record<string, number>
      assert.equal(effective['invitationLifetimeSeconds'], 86400)
      assert.equal(effective['defaultClockSkewSeconds'], 60)
      const audit = await f.api(
        f.a.token,
        'GET',
        `/api/v1/orgs/${f.a.orgId}/audit-events?type=org.settings_changed`,
      )
      const events = audit.json['events'] as { details: Record<string, unknown> }[]
      assert.deepEqual(events[0]?.details['changes'], {
        invitationLifetimeSeconds: { from: null, to: 86400 },
        defaultClockSkewSeconds: { from: null, to: 60 },
      })
      const reset = await f.api(f.a.token, 'PATCH', path(), { defaultClockSkewSeconds: null })
      const settings = reset.json['settings'] as Record<string, number | null>
      assert.equal(settings['defaultClockSkewSeconds'], null)
      assert.equal(settings['invitationLifetimeSeconds'], 86400)
      await f.api(f.a.token, 'PATCH', path(), { defaultClockSkewSeconds: 60 })
    })

    it('keeps organizations apart', async () => {
      assert.notEqual((await f.api(f.b.token, 'GET', path())).status, 200)
      const refused = await f.api(f.b.token, 'PATCH', path(), { sessionLifetimeSeconds: 600 })
      assert.notEqual(refused.status, 200)
      const other = await f.api(f.b.token, 'GET', `/api/v1/orgs/${f.b.orgId}/settings`)
      assert.equal(
        (other.json['settings'] as Record<string, unknown>)['invitationLifetimeSeconds'],
        null,
      )
    })

    it('gives new invitations the organization’s lifetime, and new SSO profiles its clock skew', async () => {
      const invited = await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/users`, {
        email: `new-${Date.now()}@orga.test`,
        role: 'member',
      })
      assert.equal(invited.status, 201, JSON.stringify(invited.json))
      const invitations = await f.api(f.a.token, 'GET', `/api/v1/orgs/${f.a.orgId}/invitations`)
      const mine = (invitations.json['invitations'] as { email: string; expiresAt: string }[]).find(
        (i) => i.email === (invited.json as { user: { email: string } }).user.email,
      )
      assert.equal(Date.parse(mine?.expiresAt ?? ''), clock.now() + 86400_000)
      const profile = await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/sso-profiles`, {
        name: 'Skew default',
      })
      assert.equal(profile.status, 201, JSON.stringify(profile.json))
      assert.equal(profile.json['clockSkewSeconds'], 60)
      const tooLoose = await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/sso-profiles`, {
        name: 'Too loose',
        clockSkewSeconds: 240,
      })
      assert.equal(tooLoose.status, 400)
      assert.equal(errorCode(tooLoose.json), 'sso.invalid_settings')
    })

    it('shortens live sessions at their next use, and lengthens them again', async () => {
      const who = await f.signIn(f.a.ownerEmail)
      const me = () => f.sessionApi(who, 'GET', '/api/v1/session', undefined, { csrf: false })
      assert.equal((await me()).status, 200)
      clock.advance(20 * 60_000)
      assert.equal((await me()).status, 200, 'twenty minutes in, the deployment allows 12 hours')
      const shortened = await f.api(f.a.token, 'PATCH', path(), {
        sessionLifetimeSeconds: 900,
        sessionIdleTimeoutSeconds: 600,
      })
      assert.equal(shortened.status, 200)
      assert.equal((await me()).status, 401, 'older than the new 15-minute lifetime: ended')
      const fresh = await f.signIn(f.a.ownerEmail)
      const freshMe = () =>
        f.sessionApi(fresh, 'GET', '/api/v1/session', undefined, { csrf: false })
      clock.advance(11 * 60_000)
      assert.equal((await freshMe()).status, 401, 'idle for 11 minutes past a 10-minute timeout')
      await f.api(f.a.token, 'PATCH', path(), {
        sessionLifetimeSeconds: null,
        sessionIdleTimeoutSeconds: null,
      })
      const later = await f.signIn(f.a.ownerEmail)
      clock.advance(20 * 60_000)
      assert.equal(
        (await f.sessionApi(later, 'GET', '/api/v1/session', undefined, { csrf: false })).status,
        200,
      )
    })

    it('keeps every change when several settings are changed at once', async () => {
      const changes = [
        { sessionLifetimeSeconds: 3600 },
        { sessionIdleTimeoutSeconds: 600 },
        { invitationLifetimeSeconds: 7200 },
        { defaultClockSkewSeconds: 30 },
        { passwordUserMfa: 'required' },
        { requiredForAdmins: true },
        { language: 'de' },
      ]
      for (let round = 0; round < 3; round++) {
        await f.api(f.a.token, 'PATCH', path(), {
          sessionLifetimeSeconds: null,
          sessionIdleTimeoutSeconds: null,
          invitationLifetimeSeconds: null,
          defaultClockSkewSeconds: null,
          passwordUserMfa: null,
          requiredForAdmins: null,
          language: null,
        })
        const answers = await Promise.all(
          [...changes, ...changes].map((body) => f.api(f.a.token, 'PATCH', path(), body)),
        )
        assert.deepEqual(
          answers.map((a) => a.status),
          answers.map(() => 200),
        )
        assert.deepEqual((await f.api(f.a.token, 'GET', path())).json['settings'], {
          sessionLifetimeSeconds: 3600,
          sessionIdleTimeoutSeconds: 600,
          invitationLifetimeSeconds: 7200,
          defaultClockSkewSeconds: 30,
          passwordUserMfa: 'required',
          requiredForAdmins: true,
          language: 'de',
        })
      }
    })
  })
}

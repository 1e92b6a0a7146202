/**
 * The deployment's clock-skew maximum holds at the ACS for every profile, also one saved with a larger
 * skew before the operator lowered SAML_MAX_CLOCK_SKEW_SECONDS. On every engine.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import {
  postResponse,
  readAuthnRequest,
  setupSAML,
  startConsoleLogin,
  type SAMLFixture,
} from './saml.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: SAML clock skew bounded by the deployment`, () => {
    let f: SAMLFixture
    before(async () => {
      f = await setupSAML(dialect, { config: { SAML_MAX_CLOCK_SKEW_SECONDS: '60' } })
      // As if saved under an older, looser maximum.
      await f.admin.server.app.database.db
        .updateTable('sso_profiles')
        .set({ clock_skew_seconds: 200 })
        .where('id', '=', f.profileId)
        .execute()
    })
    after(() => f?.close())

    const answer = async (aheadMs: number) => {
      const login = await startConsoleLogin(f)
      const request = readAuthnRequest(login.idpRedirect.url)
      return postResponse(f, login.browser, {
        inResponseTo: request.id,
        notBefore: Date.now() + aheadMs,
      })
    }

    it('refuses an assertion valid only beyond the deployment’s maximum, whatever the profile says', async () => {
      const refused = await answer(100_000)
      assert.equal(refused.status, 400)
      assert.equal(reasonCode(refused.body), 'saml.not_yet_valid')
    })

    it('accepts one within it', async () => {
      const accepted = await answer(30_000)
      assert.equal(accepted.status, 303, accepted.body.slice(0, 300))
    })
  })
}

/**
 * The attack catalogue through HTTP on both databases (SECURITY-CASES §0 oracle): for every case that
 * needs no special connection settings, a real browser's pending request is answered with the attack;
 * the page shows the stable code, no session cookie is set, no row changes but the audit log, and the
 * refusal is audited with its code. The positive control is the same builder without a mutation.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { ACSProfile } from '../../../src/saml/acs/context.ts'
import { reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { encode, K_A } from '../../helpers/saml.ts'
import { countRows } from '../../helpers/storage.ts'
import { attackCases } from '../../unit/saml/attack-cases.ts'
import {
  CALLBACK,
  IDP_ENTITY,
  readAuthnRequest,
  setupSAML,
  startConsoleLogin,
  type SAMLFixture,
} from './saml.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: SAML attack catalogue over HTTP`, () => {
    let f: SAMLFixture
    let conn: ACSProfile
    before(async () => {
      f = await setupSAML(dialect)
      await f.admin.addUser(f.admin.a, 'mallory@orga.test', 'member')
      await f.admin.addUser(f.admin.a, 'ceo@orga.test', 'admin')
      conn = {
        id: f.profileId,
        orgId: f.admin.a.orgId,
        idpEntityId: IDP_ENTITY,
        spEntityId: f.spEntityId,
        acsUrl: f.acsUrl,
        certificates: [K_A.cert],
        signaturePolicy: 'assertion',
        assertionEncryption: 'off',
        clockSkewMs: 120_000,
      }
    })
    after(() => f.close())

    /** Starts a real login, then posts the response `build` makes for its pending request id. */
    const attempt = async (build: (requestId: string) => { xml: string; encoded?: string }) => {
      const login = await startConsoleLogin(f)
      const request = readAuthnRequest(login.idpRedirect.url)
      const { xml, encoded } = build(request.id)
      const rowsBefore = await countRows(f.admin.server.app.database)
      const page = await login.browser.request(f.acsUrl, {
        form: { SAMLResponse: encoded ?? encode(xml) },
      })
      return { login, page, rowsBefore }
    }

    it('positive control: the unmutated baseline signs in', async () => {
      const { page } = await attempt((id) => ({
        xml:
          attackCases(conn, Date.now(), id)
            .find((c) => c.id === 'SIG-15')
            ?.xml() ?? '',
      }))
      // SIG-15's builder is the unsigned baseline: signed, it must pass.
      assert.equal(page.status, 400)
      const { sign } = await import('../../helpers/saml.ts')
      const ok = await attempt((id) => {
        const unsigned =
          attackCases(conn, Date.now(), id)
            .find((c) => c.id === 'SIG-15')
            ?.xml() ?? ''
        return { xml: sign(unsigned, 'assertion') }
      })
      assert.equal(ok.page.status, 303, ok.page.body)
      assert.ok((ok.page.headers.get('location') ?? '').startsWith(CALLBACK))
    })

    const runnable = attackCases(
      {
        id: 'x',
        orgId: 'x',
        idpEntityId: 'x',
        spEntityId: 'x',
        acsUrl: 'x',
        certificates: [],
        signaturePolicy: 'assertion',
        assertionEncryption: 'off',
        clockSkewMs: 0,
      },
      0,
    ).filter(
      (c) =>
        c.profile === undefined &&
        c.ports === undefined &&
        (c.options === undefined || 'encoded' in c.options),
    )

    for (const template of runnable) {
      it(`${template.id}: refuses ${template.what} (${template.code})`, async () => {
        const { login, page, rowsBefore } = await attempt((id) => {
          const c = attackCases(conn, Date.now(), id).find((k) => k.id === template.id)
          if (c === undefined) throw new Error(`no case ${template.id}`)
          return {
            xml: c.xml(),
            ...(c.options?.encoded === undefined ? {} : { encoded: c.options.encoded }),
          }
        })
        assert.ok(page.status >= 400 && page.status < 500, `status ${page.status}`)
        assert.equal(reasonCode(page.body), template.code)
        assert.equal(login.browser.cookie('portcullis_session'), undefined)
        const rowsAfter = await countRows(f.admin.server.app.database)
        assert.deepEqual({ ...rowsAfter, audit_events: 0 }, { ...rowsBefore, audit_events: 0 })
        assert.ok((rowsAfter['audit_events'] ?? 0) > (rowsBefore['audit_events'] ?? 0))
        const event = await f.admin.server.app.database.db
          .selectFrom('audit_events')
          .select(['type', 'reason_code'])
          .where('type', '=', 'login.failed')
          .where('reason_code', '=', template.code)
          .executeTakeFirst()
        assert.ok(event, 'no audit event with the code')
      })
    }
  })
}

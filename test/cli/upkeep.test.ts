/**
 * Operating a deployment from the shell (issue 26): the version in `portcullis --version` and
 * `/healthz`; `migrate --dry-run` lists what would run and changes nothing (both engines); `backup`
 * copies a SQLite database online — taken by another process while the server signs people in — and a
 * fresh instance on the copy has every user, SSO profile and signing key, and the sessions still work.
 */
import assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { MIGRATIONS } from '../../src/storage/migrations/index.ts'
import { VERSION } from '../../src/platform/version.ts'
import { Browser } from '../helpers/browser.ts'
import { startTestServer } from '../helpers/config.ts'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts'
import { runCLIInProcess } from '../helpers/cli.ts'
import { runNode } from '../helpers/processes.ts'
import { K_A } from '../helpers/saml.ts'
import {
  discover,
  PASSWORD,
  signIn,
  startLogin,
  setupLogin,
  type LoginFixture,
} from '../http/login/login.setup.ts'

const BIN = 'bin/portcullis.mjs'

describe('portcullis --version', () => {
  it('prints the package’s version, the one /healthz reports', async () => {
    const result = await runNode(BIN, ['--version'], {})
    assert.equal(result.code, 0)
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    assert.deepEqual(JSON.parse(result.stdout), { version })
    assert.equal(VERSION, version)
  })
})

for (const dialect of DIALECTS) {
  describe(`${dialect}: portcullis migrate --dry-run`, () => {
    let target: TestDatabase
    before(async () => {
      target = await createTestDatabase(dialect)
    })
    after(() => target.drop())

    it('lists every migration on an empty database, changes nothing, then none once migrated', async () => {
      const env = { DATABASE_URL: target.url }
      const dry = await runNode(BIN, ['migrate', '--dry-run'], env)
      assert.equal(dry.code, 0, dry.stderr)
      assert.deepEqual(JSON.parse(dry.stdout), { pending: Object.keys(MIGRATIONS) })
      const again = await runCLIInProcess(['migrate', '--dry-run'], env)
      assert.deepEqual(JSON.parse(again.stdout), { pending: Object.keys(MIGRATIONS) }, 'unchanged')
      const real = await runCLIInProcess(['migrate'], env)
      assert.deepEqual(JSON.parse(real.stdout), { applied: Object.keys(MIGRATIONS) })
      const after = await runCLIInProcess(['migrate', '--dry-run'], env)
      assert.deepEqual(JSON.parse(after.stdout), { pending: [] })
    })
  })
}

describe('sqlite: portcullis backup', () => {
  let f: LoginFixture
  const copy = join(tmpdir(), `portcullis-backup-${process.pid}-${Date.now()}.sqlite`)
  before(async () => {
    f = await setupLogin('sqlite')
  })
  after(async () => {
    await f?.close()
    rmSync(copy, { force: true })
  })

  it('copies the database while people sign in; a fresh instance on the copy has it all', async () => {
    const { services } = f.server.app
    await f.addDomain(`sso-${f.domain}`, { enforced: false })
    const profile = await services.ssoProfiles.createProfile(
      f.orgId,
      {
        name: 'Okta',
        idpEntityId: 'https://idp.example.test/metadata',
        idpSsoUrl: 'http://127.0.0.1:9/idp/sso',
        certificates: [K_A.cert],
        signRequests: false,
        domains: [`sso-${f.domain}`],
      },
      { type: 'operator', id: 'test' },
    )
    const users = await Promise.all(
      Array.from({ length: 5 }, () => f.addUser({ password: PASSWORD })),
    )
    const config = await discover(f)
    const signedIn = new Browser()
    const done = await signIn(await startLogin(config, signedIn), users[0]?.email ?? '', PASSWORD)
    assert.equal(done.status, 303)
    const keys = await (await fetch(`${f.url}/oauth2/jwks`)).json()

    // Sign-ins keep coming while another process takes the copy.
    let load = true
    let signIns = 0
    const worker = async (user: (typeof users)[number]) => {
      while (load) {
        const page = await signIn(await startLogin(config), user.email, PASSWORD)
        if (page.status === 303) signIns++
      }
    }
    const workers = users.slice(1, 4).map(worker)
    const backup = await runNode(BIN, ['backup', '--to', copy], { DATABASE_URL: f.target.url })
    load = false
    await Promise.all(workers)
    assert.equal(backup.code, 0, backup.stderr)
    assert.ok(signIns > 0, 'sign-ins ran during the backup')
    const result = JSON.parse(backup.stdout) as { backup: string; pages: number }
    assert.equal(result.backup, copy)
    assert.ok(result.pages > 0)

    const again = await runNode(BIN, ['backup', '--to', copy], { DATABASE_URL: f.target.url })
    assert.equal(again.code, 2, 'never overwrites a file')

    const restored = await startTestServer(`sqlite:${copy}`, {}, f.clock)
    try {
      const copyServices = restored.app.services
      for (const user of users) {
        const found = await copyServices.users.findUserByEmail(f.orgId, user.email)
        assert.equal(found.id, user.id)
      }
      const kept = await copyServices.ssoProfiles.getProfile(f.orgId, profile.id)
      assert.equal(kept.idpEntityId, profile.idpEntityId)
      assert.deepEqual(await (await fetch(`${restored.url}/oauth2/jwks`)).json(), keys)
      // The session made before the backup works on the copy.
      const account = await signedIn.request(`${restored.url}/account`)
      assert.equal(account.status, 200)
    } finally {
      await restored.shutdown()
    }
  })

  it('refuses PostgreSQL with a pointer to pg_dump, writing nothing', async () => {
    const result = await runNode(BIN, ['backup', '--to', `${copy}.pg`], {
      DATABASE_URL: 'postgres://app@127.0.0.1:1/portcullis',
    })
    assert.equal(result.code, 2)
    assert.match(result.stderr, /pg_dump/)
  })
})

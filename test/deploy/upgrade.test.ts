/**
 * Upgrading a database made by an older commit (issue 26): test/fixtures/upgrade holds databases that
 * commit's own code created and seeded (scripts/make-upgrade-fixture.sh; SQLite as the file,
 * PostgreSQL as a pg_dump). Today's `migrate --dry-run` lists exactly the newer migrations, `migrate`
 * applies them, and the owner the old version made signs in through the old version's console client.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import * as client from 'openid-client'
import { MIGRATIONS } from '../../src/storage/migrations/index.ts'
import { Browser } from '../helpers/browser.ts'
import { startTestServer } from '../helpers/config.ts'
import { createTestDatabase, DIALECTS } from '../helpers/databases.ts'
import { ROOT, runNode } from '../helpers/processes.ts'
import { authorizationRequest } from '../http/login/login.setup.ts'

const FIXTURE = join(ROOT, 'test/fixtures/upgrade')
const BIN = 'bin/portcullis.mjs'

interface Seeded {
  readonly ownerEmail: string
  readonly password: string
  readonly clientId: string
  readonly redirectUri: string
  readonly secretsKey: string
  readonly migrations: readonly string[]
}

/** A database as the old version left it, in a place of its own. */
async function restored(dialect: 'sqlite' | 'postgres') {
  if (dialect === 'sqlite') {
    const path = join(tmpdir(), `portcullis-upgrade-${process.pid}-${Date.now()}.sqlite`)
    copyFileSync(join(FIXTURE, 'sqlite.sqlite'), path)
    return { url: `sqlite:${path}`, drop: async () => rmSync(path, { force: true }) }
  }
  const target = await createTestDatabase('postgres')
  const bindir = spawnSync(
    'bash',
    ['-c', "compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1"],
    {
      encoding: 'utf8',
    },
  ).stdout.trim()
  const loaded = spawnSync(
    join(bindir, 'psql'),
    ['-q', '-v', 'ON_ERROR_STOP=1', '-d', target.url, '-f', join(FIXTURE, 'postgres.sql')],
    { encoding: 'utf8' },
  )
  assert.equal(loaded.status, 0, loaded.stderr)
  return { url: target.url, drop: () => target.drop() }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: upgrading a database made by ${readFileSync(join(FIXTURE, 'COMMIT'), 'utf8').trim().slice(0, 7)}`, () => {
    const seeded = JSON.parse(readFileSync(join(FIXTURE, `${dialect}.json`), 'utf8')) as Seeded

    it('lists and applies only the newer migrations, then the old owner signs in', async () => {
      const database = await restored(dialect)
      try {
        const env = { DATABASE_URL: database.url, SECRETS_KEY: seeded.secretsKey }
        const newer = Object.keys(MIGRATIONS).filter((name) => !seeded.migrations.includes(name))
        assert.ok(newer.length > 0, 'the fixture is older than today’s schema')
        const dry = await runNode(BIN, ['migrate', '--dry-run'], env)
        assert.equal(dry.code, 0, dry.stderr)
        assert.deepEqual(JSON.parse(dry.stdout), { pending: newer })
        const applied = await runNode(BIN, ['migrate'], env)
        assert.equal(applied.code, 0, applied.stderr)
        assert.deepEqual(JSON.parse(applied.stdout), { applied: newer })

        const server = await startTestServer(database.url, { SECRETS_KEY: seeded.secretsKey })
        try {
          const config = await client.discovery(
            new URL(server.url),
            seeded.clientId,
            undefined,
            client.None(),
            {
              execute: [client.allowInsecureRequests],
            },
          )
          const { url, verifier, state } = await authorizationRequest(config, {
            redirect_uri: seeded.redirectUri,
          })
          const browser = new Browser()
          const emailPage = await browser.follow(url.href)
          const passwordPage = await browser.submit(emailPage, '/login/email', {
            email: seeded.ownerEmail,
          })
          const done = await browser.submit(passwordPage, '/login/password', {
            password: seeded.password,
          })
          assert.equal(done.status, 303)
          const tokens = await client.authorizationCodeGrant(
            config,
            new URL(done.headers.get('location') ?? ''),
            {
              pkceCodeVerifier: verifier,
              expectedState: state,
            },
          )
          assert.equal(tokens.claims()?.['email'], seeded.ownerEmail)
        } finally {
          await server.shutdown()
        }
      } finally {
        await database.drop()
      }
    })
  })
}

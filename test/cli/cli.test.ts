/**
 * The operator CLI as an operator runs it: the real `bin`, a real database of each engine, one JSON object
 * on stdout, exit 2 and an unchanged database for bad input (SPEC §7).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { loadConfig } from '../../src/config/load.ts'
import { hashSecret } from '../../src/platform/crypto.ts'
import type { Database } from '../../src/storage/database.ts'
import { openDatabase } from '../../src/storage/open.ts'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts'
import { runCLIInProcess } from '../helpers/cli.ts'
import { runNode, type ProcessResult } from '../helpers/processes.ts'
import { countRows } from '../helpers/storage.ts'

const BIN = 'bin/portcullis.mjs'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function assertOneLineError(result: ProcessResult, pattern: RegExp): void {
  assert.equal(result.stdout, '', 'nothing on stdout')
  const lines = result.stderr.trimEnd().split('\n')
  assert.equal(lines.length, 1, `one line on stderr, got: ${result.stderr}`)
  assert.match(lines[0] ?? '', pattern)
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: portcullis CLI`, () => {
    let target: TestDatabase
    let database: Database
    const env = () => ({ DATABASE_URL: target.url, PUBLIC_URL: 'https://login.example.test' })
    /** The real `bin` in a process of its own: migrate, the first organization, one refusal. */
    const cliProcess = (...args: string[]): Promise<ProcessResult> => runNode(BIN, args, env())
    /** Every other command in this process, through the function the `bin` calls. */
    const cli = (...args: string[]): Promise<ProcessResult> => runCLIInProcess(args, env())

    before(async () => {
      target = await createTestDatabase(dialect)
      const first = await cliProcess('migrate')
      assert.equal(first.code, 0, first.stderr)
      database = await openDatabase(loadConfig({ DATABASE_URL: target.url }).config.database)
    })
    after(async () => {
      await database.close()
      await target.drop()
    })

    it('migrate prints what it applied, and nothing the second time', async () => {
      const again = await cliProcess('migrate')
      assert.equal(again.code, 0, again.stderr)
      assert.deepEqual(JSON.parse(again.stdout), { applied: [] })
    })

    it('org create prints exactly organizationId, adminUserId and inviteUrl', async () => {
      const result = await cliProcess(
        'org',
        'create',
        '--name',
        'Acme Corp',
        '--admin-email',
        'Owner@Acme.test',
      )
      assert.equal(result.code, 0, result.stderr)
      assert.equal(result.stdout.trimEnd().split('\n').length, 1)
      const out = JSON.parse(result.stdout) as Record<string, string>
      assert.deepEqual(Object.keys(out), ['organizationId', 'adminUserId', 'inviteUrl'])
      assert.match(out['organizationId'] ?? '', UUID)
      assert.match(out['adminUserId'] ?? '', UUID)
      assert.match(
        out['inviteUrl'] ?? '',
        /^https:\/\/login\.example\.test\/invite\/inv_[\w-]{43}$/,
      )

      const owner = await database.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', out['adminUserId'] ?? '')
        .executeTakeFirstOrThrow()
      assert.equal(owner.org_id, out['organizationId'])
      assert.equal(owner.role, 'owner')
      assert.equal(owner.status, 'invited')
      assert.equal(owner.email, 'Owner@Acme.test')
      assert.equal(owner.email_canonical, 'owner@acme.test')
      const token = (out['inviteUrl'] ?? '').split('/invite/')[1] ?? ''
      const invitation = await database.db
        .selectFrom('invitations')
        .selectAll()
        .where('token_hash', '=', hashSecret(decodeURIComponent(token)))
        .executeTakeFirstOrThrow()
      assert.equal(invitation.user_id, owner.id)
      const audit = await database.db
        .selectFrom('audit_events')
        .select('type')
        .where('org_id', '=', out['organizationId'] ?? '')
        .orderBy('type')
        .execute()
      assert.deepEqual(
        audit.map((a) => a.type),
        ['org.created', 'user.invited'],
      )
    })

    it('client create prints a clientId for a public client and a secret once for a confidential one', async () => {
      const pub = await cli(
        'client',
        'create',
        '--name',
        'Console',
        '--redirect-uri',
        'https://console.example.test/cb',
        '--redirect-uri',
        'http://localhost:5173/cb',
      )
      assert.equal(pub.code, 0, pub.stderr)
      const pubOut = JSON.parse(pub.stdout) as Record<string, string>
      assert.deepEqual(Object.keys(pubOut), ['clientId'])
      const row = await database.db
        .selectFrom('oidc_clients')
        .selectAll()
        .where('id', '=', pubOut['clientId'] ?? '')
        .executeTakeFirstOrThrow()
      assert.deepEqual(JSON.parse(row.redirect_uris), [
        'https://console.example.test/cb',
        'http://localhost:5173/cb',
      ])
      assert.equal(row.secret_hash, null)

      const conf = await cli(
        'client',
        'create',
        '--name',
        'Backend',
        '--redirect-uri',
        'https://b.example.test/cb',
        '--secret',
      )
      assert.equal(conf.code, 0, conf.stderr)
      const confOut = JSON.parse(conf.stdout) as Record<string, string>
      assert.deepEqual(Object.keys(confOut), ['clientId', 'clientSecret'])
      const stored = await database.db
        .selectFrom('oidc_clients')
        .selectAll()
        .where('id', '=', confOut['clientId'] ?? '')
        .executeTakeFirstOrThrow()
      assert.equal(stored.secret_hash, hashSecret(confOut['clientSecret'] ?? ''))
      assert.ok(!JSON.stringify(stored).includes(confOut['clientSecret'] ?? 'x'))
    })

    it('client create takes --id-token-alg and refuses an unknown one, writing nothing', async () => {
      const made = await cli(
        'client',
        'create',
        '--name',
        'ES console',
        '--redirect-uri',
        'https://console.example/cb',
        '--id-token-alg',
        'ES256',
      )
      assert.equal(made.code, 0, made.stderr)
      const { clientId } = JSON.parse(made.stdout) as { clientId: string }
      const row = await database.db
        .selectFrom('oidc_clients')
        .select('id_token_alg')
        .where('id', '=', clientId)
        .executeTakeFirstOrThrow()
      assert.equal(row.id_token_alg, 'ES256')
      const bad = await cli(
        'client',
        'create',
        '--name',
        'HS console',
        '--redirect-uri',
        'https://console.example/cb',
        '--id-token-alg',
        'HS256',
      )
      assert.equal(bad.code, 2)
      assert.match(bad.stderr, /client\.invalid_id_token_alg/)
    })

    it('token create prints a token for an existing organization and stores only its hash', async () => {
      const org = JSON.parse(
        (await cli('org', 'create', '--name', 'T', '--admin-email', 'owner@token-org.test')).stdout,
      ) as { organizationId: string }
      const result = await cli('token', 'create', '--org', org.organizationId, '--name', 'ci')
      assert.equal(result.code, 0, result.stderr)
      const out = JSON.parse(result.stdout) as Record<string, string>
      assert.deepEqual(Object.keys(out), ['token'])
      assert.match(out['token'] ?? '', /^pcat_[\w-]{43}$/)
      const row = await database.db
        .selectFrom('admin_api_tokens')
        .selectAll()
        .where('token_hash', '=', hashSecret(out['token'] ?? ''))
        .executeTakeFirstOrThrow()
      assert.equal(row.org_id, org.organizationId)
      assert.deepEqual(
        { type: row.created_by_type, id: row.created_by_id },
        { type: 'operator', id: 'cli' },
      )
    })

    it('token list shows tokens without secrets; token revoke ends one, once', async () => {
      const org = JSON.parse(
        (await cli('org', 'create', '--name', 'L', '--admin-email', 'owner@token-list.test'))
          .stdout,
      ) as { organizationId: string }
      const made = JSON.parse(
        (await cli('token', 'create', '--org', org.organizationId, '--name', 'deploy')).stdout,
      ) as { token: string }
      const listed = await cli('token', 'list', '--org', org.organizationId)
      assert.equal(listed.code, 0, listed.stderr)
      assert.ok(!listed.stdout.includes(made.token), 'the secret is never shown again')
      const { tokens } = JSON.parse(listed.stdout) as {
        tokens: { id: string; name: string; createdBy: unknown; revokedAt: string | null }[]
      }
      assert.equal(tokens.length, 1)
      assert.equal(tokens[0]?.name, 'deploy')
      assert.deepEqual(tokens[0]?.createdBy, { type: 'operator', id: 'cli' })
      assert.equal(tokens[0]?.revokedAt, null)
      const id = tokens[0]?.id ?? ''
      const revoked = await cli('token', 'revoke', '--org', org.organizationId, '--id', id)
      assert.equal(revoked.code, 0, revoked.stderr)
      const out = JSON.parse(revoked.stdout) as { token: { id: string; revokedAt: string } }
      assert.equal(out.token.id, id)
      assert.ok(Date.parse(out.token.revokedAt) > 0)
      const again = await cli('token', 'revoke', '--org', org.organizationId, '--id', id)
      assert.notEqual(again.code, 0)
      assert.match(again.stderr, /api_token\.not_found/)
      const elsewhere = await cli('token', 'revoke', '--org', 'another-org', '--id', id)
      assert.match(elsewhere.stderr, /api_token\.not_found/)
    })

    it('user invite prints a new invitation link; the earlier one stops working', async () => {
      const org = JSON.parse(
        (await cli('org', 'create', '--name', 'Again', '--admin-email', 'owner@again.test')).stdout,
      ) as { organizationId: string; adminUserId: string; inviteUrl: string }
      const result = await cli(
        'user',
        'invite',
        '--org',
        org.organizationId,
        '--email',
        'owner@again.test',
      )
      assert.equal(result.code, 0, result.stderr)
      const out = JSON.parse(result.stdout) as Record<string, string>
      assert.deepEqual(Object.keys(out), ['userId', 'inviteUrl', 'expiresAt'])
      assert.equal(out['userId'], org.adminUserId)
      assert.notEqual(out['inviteUrl'], org.inviteUrl)
      const pending = await database.db
        .selectFrom('invitations')
        .select('token_hash')
        .where('user_id', '=', org.adminUserId)
        .where('consumed_at', 'is', null)
        .execute()
      const token = decodeURIComponent(String(out['inviteUrl']).split('/invite/')[1] ?? '')
      assert.deepEqual(
        pending.map((r) => r.token_hash),
        [hashSecret(token)],
      )
    })

    it('user sso turns SSO off for one user (break-glass) and records it', async () => {
      const org = JSON.parse(
        (await cli('org', 'create', '--name', 'Glass', '--admin-email', 'owner@glass.test')).stdout,
      ) as { organizationId: string; adminUserId: string }
      const result = await cli(
        'user',
        'sso',
        '--org',
        org.organizationId,
        '--email',
        'OWNER@glass.test',
        '--mode',
        'disabled',
      )
      assert.equal(result.code, 0, result.stderr)
      assert.deepEqual(JSON.parse(result.stdout), {
        userId: org.adminUserId,
        email: 'owner@glass.test',
        ssoOverride: 'disabled',
      })
      const event = await database.db
        .selectFrom('audit_events')
        .select(['type', 'actor_type'])
        .where('target_id', '=', org.adminUserId)
        .where('type', '=', 'user.sso_override_changed')
        .executeTakeFirstOrThrow()
      assert.equal(event.actor_type, 'operator')
      const wrong = await cli(
        'user',
        'sso',
        '--org',
        org.organizationId,
        '--email',
        'owner@glass.test',
        '--mode',
        'off',
      )
      assert.equal(wrong.code, 2)
      assert.match(wrong.stderr, /--mode must be one of/)
      const unknown = await cli(
        'user',
        'sso',
        '--org',
        org.organizationId,
        '--email',
        'nobody@glass.test',
        '--mode',
        'none',
      )
      assert.equal(unknown.code, 2)
      assert.match(unknown.stderr, /user\.not_found/)
    })

    describe('rejects bad input with exit 2, one line on stderr, and an unchanged database', () => {
      const cases: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
        ['a missing --admin-email', ['org', 'create', '--name', 'X'], /missing --admin-email/],
        ['a missing --name', ['org', 'create', '--admin-email', 'a@b.test'], /missing --name/],
        [
          'a malformed email',
          ['org', 'create', '--name', 'X', '--admin-email', 'not-an-email'],
          /user\.invalid_email/,
        ],
        [
          'an empty name',
          ['org', 'create', '--name', '  ', '--admin-email', 'a@new.test'],
          /org\.invalid_name/,
        ],
        [
          'a duplicate admin email (other case)',
          ['org', 'create', '--name', 'Dup', '--admin-email', 'OWNER@acme.test'],
          /user\.email_taken/,
        ],
        [
          'an unknown option',
          ['org', 'create', '--name', 'X', '--admin-email', 'a@new.test', '--role', 'god'],
          /Unknown option/i,
        ],
        [
          'a repeated single option',
          ['org', 'create', '--name', 'X', '--name', 'Y', '--admin-email', 'a@new.test'],
          /more than once/,
        ],
        [
          'a stray positional argument',
          ['org', 'create', 'extra', '--name', 'X', '--admin-email', 'a@new.test'],
          /positional/i,
        ],
        ['an unknown command', ['org', 'explode'], /unknown command/],
        [
          'a redirect URI over plain http',
          ['client', 'create', '--name', 'C', '--redirect-uri', 'http://evil.example/cb'],
          /client\.invalid_redirect_uri/,
        ],
        [
          'a client without redirect URI',
          ['client', 'create', '--name', 'C'],
          /missing --redirect-uri/,
        ],
        [
          'a token for an unknown organization',
          ['token', 'create', '--org', '00000000-0000-4000-8000-000000000000', '--name', 'ci'],
          /org\.not_found/,
        ],
        ['a token without a name', ['token', 'create', '--org', 'x'], /missing --name/],
      ]
      for (const [i, [what, args, pattern]] of cases.entries()) {
        it(`for ${what}`, async () => {
          const before = await countRows(database)
          // The first through the real process: its exit code and stderr as the shell sees them.
          const result = await (i === 0 ? cliProcess : cli)(...args)
          assert.equal(result.code, 2, result.stderr)
          assertOneLineError(result, pattern)
          assert.deepEqual(await countRows(database), before)
        })
      }
    })
  })
}

describe('portcullis CLI: database configuration errors', () => {
  it('names DATABASE_URL when it is malformed, and exits 1', async () => {
    const result = await runNode(BIN, ['migrate'], { DATABASE_URL: 'postgres://u:pw@[oops/db' })
    assert.equal(result.code, 1)
    assert.match(result.stderr, /DATABASE_URL: malformed PostgreSQL URL/)
  })

  it('fails fast, naming the server but not the password, when PostgreSQL is unreachable', async () => {
    const result = await runNode(BIN, ['migrate'], {
      DATABASE_URL: 'postgres://app:hunter2@127.0.0.1:1/portcullis',
    })
    assert.equal(result.code, 1)
    assert.match(
      result.stderr,
      /cannot connect to PostgreSQL at postgres:\/\/app@127\.0\.0\.1:1\/portcullis \(DATABASE_URL\)/,
    )
    assert.ok(!result.stderr.includes('hunter2'))
  })

  it('prints usage with --help and exits 0', async () => {
    const result = await runNode(BIN, ['--help'], {})
    assert.equal(result.code, 0)
    assert.match(result.stdout, /org create --name NAME --admin-email EMAIL/)
  })
})

describe('sqlite: portcullis keys', () => {
  let target: TestDatabase
  before(async () => {
    target = await createTestDatabase('sqlite')
  })
  after(() => target.drop())

  it('rotates the signing key, keeping the old one published until retired', async () => {
    const env = { DATABASE_URL: target.url }
    const first = await runNode(BIN, ['keys', 'rotate'], env)
    assert.equal(first.code, 0, first.stderr)
    const { kid } = JSON.parse(first.stdout) as { kid: string }
    const second = JSON.parse((await runCLIInProcess(['keys', 'rotate'], env)).stdout) as {
      kid: string
    }
    assert.notEqual(kid, second.kid)
    const retired = await runCLIInProcess(['keys', 'retire'], env)
    assert.deepEqual(JSON.parse(retired.stdout), { purpose: 'oidc', retired: 1 })
    const saml = await runCLIInProcess(['keys', 'rotate', '--purpose', 'saml'], env)
    assert.equal((JSON.parse(saml.stdout) as { purpose: string }).purpose, 'saml')
    const wrong = await runCLIInProcess(['keys', 'rotate', '--purpose', 'tls'], env)
    assert.equal(wrong.code, 2)
  })
})

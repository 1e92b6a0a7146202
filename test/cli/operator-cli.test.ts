/**
 * The operator's CLI commands of issue 23 on both engines: operator tokens, organizations (list, show,
 * update, suspend, resume, delete, invite-owner), clients (list, update, rotate-secret, delete) and domain
 * verify — the same services as the operator API, one JSON object on stdout, exit 2 and nothing written
 * for bad input. The first command runs as the real `bin` process; the rest through `runCLI` in this
 * process (the same parsing, checks and output, without a process start each: cli.test.ts covers the bin).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { runCLI } from '../../src/cli/portcullis.ts'
import { hashSecret } from '../../src/platform/crypto.ts'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts'
import { runNode, type ProcessResult } from '../helpers/processes.ts'

const BIN = 'bin/portcullis.mjs'

for (const dialect of DIALECTS) {
  describe(`${dialect}: portcullis CLI, operator commands`, () => {
    let target: TestDatabase
    const env = () => ({ DATABASE_URL: target.url, PUBLIC_URL: 'https://login.example.test' })
    const cli = async (...args: string[]): Promise<ProcessResult> => {
      let stdout = ''
      let stderr = ''
      const code = await runCLI(args, env(), {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
      })
      return { code, stdout, stderr }
    }
    const json = async (...args: string[]): Promise<Record<string, any>> => {
      const result = await cli(...args)
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`)
      return JSON.parse(result.stdout) as Record<string, any>
    }
    const refused = async (pattern: RegExp, ...args: string[]) => {
      const result = await cli(...args)
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`)
      assert.equal(result.stdout, '')
      assert.match(result.stderr, pattern)
    }

    before(async () => {
      target = await createTestDatabase(dialect)
    })
    after(() => target.drop())

    it('operator-token create prints a pcop_ token once; list shows no secret; revoke ends it', async () => {
      // The real process, once.
      const started = await runNode(
        BIN,
        ['operator-token', 'create', '--name', 'console', '--scope', 'orgs:read'],
        env(),
      )
      assert.equal(started.code, 0, started.stderr)
      const made = JSON.parse(started.stdout) as Record<string, any>
      assert.match(made['token'], /^pcop_[\w-]{43}$/)
      assert.deepEqual(made['scopes'], ['orgs:read'])
      const listed = await json('operator-token', 'list')
      assert.ok(!JSON.stringify(listed).includes(made['token']))
      assert.ok(!JSON.stringify(listed).includes(hashSecret(made['token'])))
      assert.equal(listed['tokens'][0].revokedAt, null)
      const revoked = await json('operator-token', 'revoke', '--id', made['id'])
      assert.ok(revoked['token'].revokedAt)
      await refused(
        /operator_token.invalid_scope/,
        'operator-token',
        'create',
        '--name',
        'x',
        '--scope',
        'root',
      )
    })

    it('org create is idempotent on --external-id; list, show, update, suspend, resume, delete', async () => {
      const args = [
        'org',
        'create',
        '--name',
        'Acme',
        '--admin-email',
        'o@acme.test',
        '--external-id',
        'cus_1',
      ]
      const first = await json(...args)
      assert.ok(first['inviteUrl'])
      const second = await json(...args)
      assert.deepEqual(second, {
        organizationId: first['organizationId'],
        adminUserId: first['adminUserId'],
        created: false,
      })
      const orgId = first['organizationId'] as string
      const listed = await json('org', 'list', '--search', 'cus_1')
      assert.deepEqual(
        listed['organizations'].map((o: { id: string }) => o.id),
        [orgId],
      )
      const shown = await json('org', 'show', '--org', orgId)
      assert.equal(shown['owner'].email, 'o@acme.test')
      const updated = await json('org', 'update', '--org', orgId, '--features', 'scim,import')
      assert.deepEqual(updated['organization'].features, ['scim', 'import'])
      const invite = await json('org', 'invite-owner', '--org', orgId)
      assert.match(invite['inviteUrl'], /\/invite\/inv_/)
      await refused(/org.not_suspended/, 'org', 'delete', '--org', orgId)
      assert.equal(
        (await json('org', 'suspend', '--org', orgId))['organization'].status,
        'suspended',
      )
      assert.equal((await json('org', 'resume', '--org', orgId))['organization'].status, 'active')
      await json('org', 'suspend', '--org', orgId)
      const deleted = await json('org', 'delete', '--org', orgId)
      assert.equal(deleted['rows'].organizations, 1)
      await refused(/org.not_found/, 'org', 'show', '--org', orgId)
      await refused(
        /org.unknown_feature/,
        'org',
        'create',
        '--name',
        'B',
        '--admin-email',
        'o@b.test',
        '--feature',
        'warp',
      )
    })

    it('client list, update, rotate-secret, delete', async () => {
      const made = await json(
        'client',
        'create',
        '--name',
        'C',
        '--redirect-uri',
        'https://c.example/cb',
        '--secret',
      )
      const id = made['clientId'] as string
      const listed = await json('client', 'list')
      assert.ok(listed['clients'].some((c: { id: string }) => c.id === id))
      assert.ok(!JSON.stringify(listed).includes(made['clientSecret']))
      const updated = await json('client', 'update', '--id', id, '--name', 'C2')
      assert.equal(updated['client'].name, 'C2')
      const rotated = await json(
        'client',
        'rotate-secret',
        '--id',
        id,
        '--previous-secret-valid-seconds',
        '60',
      )
      assert.match(rotated['clientSecret'], /^pcs_/)
      assert.ok(rotated['client'].previousSecretValidUntil)
      await refused(
        /client.invalid_redirect_uri/,
        'client',
        'update',
        '--id',
        id,
        '--redirect-uri',
        'http://evil.example/cb',
      )
      assert.deepEqual(await json('client', 'delete', '--id', id), { deleted: id })
      await refused(/client.not_found/, 'client', 'delete', '--id', id)
    })

    it('user reset-factors removes a user’s second factors (break-glass)', async () => {
      const org = await json(
        'org',
        'create',
        '--name',
        'F',
        '--admin-email',
        'owner@factors.example',
      )
      const done = await json(
        'user',
        'reset-factors',
        '--org',
        org['organizationId'],
        '--email',
        'owner@factors.example',
      )
      assert.deepEqual(done, {
        userId: org['adminUserId'],
        email: 'owner@factors.example',
        removed: 0,
      })
      await refused(
        /user.not_found/,
        'user',
        'reset-factors',
        '--org',
        org['organizationId'],
        '--email',
        'nobody@factors.example',
      )
    })

    it('webhook create, list, update, rotate-secret, attempts, test, redeliver, delete', async () => {
      const { clientId } = await json(
        'client',
        'create',
        '--name',
        'W',
        '--redirect-uri',
        'https://w.example/cb',
      )
      const made = await json(
        'webhook',
        'create',
        '--client',
        clientId,
        '--url',
        'https://hooks.w.example/in',
        '--event-type',
        'user.created',
        '--event-type',
        'user.deleted',
      )
      assert.match(made['secret'], /^whsec_/)
      const id = made['endpoint'].id as string
      assert.deepEqual(made['endpoint'].eventTypes, ['user.created', 'user.deleted'])
      const listed = await json('webhook', 'list', '--client', clientId)
      assert.deepEqual(
        listed['endpoints'].map((e: { id: string }) => e.id),
        [id],
      )
      assert.ok(!JSON.stringify(listed).includes(made['secret']))
      const updated = await json('webhook', 'update', '--id', id, '--disable', '--name', 'Hooks')
      assert.deepEqual([updated['endpoint'].enabled, updated['endpoint'].name], [false, 'Hooks'])
      const rotated = await json('webhook', 'rotate-secret', '--id', id)
      assert.notEqual(rotated['secret'], made['secret'])
      assert.ok(rotated['endpoint'].previousSecretValidUntil)
      assert.deepEqual(await json('webhook', 'attempts', '--id', id), { attempts: [] })
      assert.equal((await json('webhook', 'test', '--id', id))['queued'], true)
      await refused(
        /event.not_found/,
        'webhook',
        'redeliver',
        '--id',
        id,
        '--event',
        'evt_0000009999999999',
      )
      await refused(
        /webhook.invalid_url/,
        'webhook',
        'update',
        '--id',
        id,
        '--url',
        'ftp://x.example',
      )
      await refused(/event.unknown_type/, 'webhook', 'update', '--id', id, '--event-type', 'nope')
      assert.deepEqual(await json('webhook', 'delete', '--id', id), { deleted: id })
      await refused(/webhook.not_found/, 'webhook', 'delete', '--id', id)
    })

    it('domain verify marks a domain verified on the operator’s word; public suffixes are refused', async () => {
      const org = await json('org', 'create', '--name', 'D', '--admin-email', 'o@d.test')
      const verified = await json(
        'domain',
        'verify',
        '--org',
        org['organizationId'],
        '--domain',
        'D.test',
      )
      assert.deepEqual(
        { name: verified['name'], status: verified['status'], by: verified['verifiedBy'] },
        { name: 'd.test', status: 'verified', by: 'operator' },
      )
      await refused(
        /domain.public_suffix/,
        'domain',
        'verify',
        '--org',
        org['organizationId'],
        '--domain',
        'co.uk',
      )
    })
  })
}

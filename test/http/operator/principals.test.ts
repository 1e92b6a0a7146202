/**
 * Which principal each route takes (issue 23), walked over every operation of the OpenAPI document on
 * both engines: operator routes take an operator token and nothing else — not an organization's Admin
 * API token, not a SCIM token, not an admin's session; organization routes never take an operator token.
 * The document says the same: every operator route declares `operatorToken`, no other route does.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { setupOperator, type OperatorFixture } from './operator.setup.ts'

interface Operation {
  readonly method: string
  readonly path: string
  readonly security: string[]
}

const CLI = { type: 'operator', id: 'cli' } as const

for (const dialect of DIALECTS) {
  describe(`${dialect}: principal separation over the OpenAPI document`, () => {
    let f: OperatorFixture
    let operations: Operation[]
    before(async () => {
      f = await setupOperator(dialect)
      const document = (await (await fetch(`${f.url}/api/v1/openapi.json`)).json()) as {
        security: Record<string, string[]>[]
        paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>
      }
      // Organization routes name org A (so only the principal can be wrong); operator routes name
      // nothing that exists (so walking them changes nothing: a 404 still shows the token passed).
      const fill = (path: string) =>
        (path.startsWith('/api/v1/operator/') ? path : path.replace('{orgId}', f.a.orgId)).replace(
          /\{\w+\}/g,
          '00000000-0000-4000-8000-000000000000',
        )
      operations = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          method: method.toUpperCase(),
          path: fill(path),
          security: (operation.security ?? document.security).flatMap((s) => Object.keys(s)),
        })),
      )
    })
    after(() => f.close())

    it('declares operatorToken on exactly the operator routes', () => {
      const operator = operations.filter((op) => op.path.startsWith('/api/v1/operator/'))
      assert.ok(operator.length >= 15, `operator operations: ${operator.length}`)
      for (const op of operations) {
        const isOperator = op.path.startsWith('/api/v1/operator/')
        assert.equal(
          op.security.includes('operatorToken'),
          isOperator,
          `${op.method} ${op.path}: ${op.security.join(',')}`,
        )
        if (isOperator) assert.deepEqual(op.security, ['operatorToken'], op.path)
      }
    })

    it('answers 401 to every other principal on an operator route, and to an operator token elsewhere', async () => {
      const { secret: scimToken } = await f.server.app.services.scimTokens.create(
        f.a.orgId,
        'idp',
        CLI,
      )
      const admin = await f.signIn(f.a.ownerEmail)
      let checked = 0
      for (const op of operations) {
        const body = ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined
        if (op.path.startsWith('/api/v1/operator/')) {
          for (const [who, token] of [
            ['admin token', f.a.token],
            ['SCIM token', scimToken],
            ['no token', undefined],
          ] as const) {
            const answer = await f.api(token, op.method, op.path, body)
            assert.equal(answer.status, 401, `${who}: ${op.method} ${op.path}`)
          }
          const session = await f.sessionApi(admin, op.method, op.path, body)
          assert.equal(session.status, 401, `session: ${op.method} ${op.path}`)
          const allowed = await f.api(f.operatorToken, op.method, op.path, body)
          assert.ok(![401, 403].includes(allowed.status), `operator: ${op.method} ${op.path}`)
          checked++
        } else if (op.path.startsWith('/api/v1/orgs/') || op.path === '/api/v1/session') {
          const answer = await f.api(f.operatorToken, op.method, op.path, body)
          assert.equal(answer.status, 401, `operator token: ${op.method} ${op.path}`)
          checked++
        }
      }
      assert.ok(checked >= 60, `operations checked: ${checked}`)
    })
  })
}

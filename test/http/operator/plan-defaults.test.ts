/**
 * The deployment's default plan (ORG_DEFAULT_FEATURES, issue 23): new organizations get it unless the
 * create names features; an unknown feature in it stops the start with a message naming the setting.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ConfigError } from '../../../src/config/load.ts'
import { DIALECTS, createTestDatabase } from '../../helpers/databases.ts'
import { startTestServer } from '../../helpers/config.ts'
import { setupOperator, type OperatorFixture } from './operator.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: the default plan`, () => {
    let f: OperatorFixture
    before(async () => {
      f = await setupOperator(dialect, { config: { ORG_DEFAULT_FEATURES: 'scim, import' } })
    })
    after(() => f.close())

    it('gives new organizations ORG_DEFAULT_FEATURES unless the create names features', async () => {
      const plain = await f.op('POST', '/orgs', { name: 'Plain', ownerEmail: 'o@plain.test' })
      assert.deepEqual((plain.json['organization'] as { features: string[] }).features, [
        'scim',
        'import',
      ])
      const named = await f.op('POST', '/orgs', {
        name: 'Named',
        ownerEmail: 'o@named.test',
        features: [],
      })
      assert.deepEqual((named.json['organization'] as { features: string[] }).features, [])
    })
  })
}

describe('ORG_DEFAULT_FEATURES with an unknown feature', () => {
  it('stops the start, naming the setting', async () => {
    const target = await createTestDatabase('sqlite')
    try {
      await assert.rejects(
        startTestServer(target.url, { ORG_DEFAULT_FEATURES: 'sso,teleport' }),
        (error: unknown) =>
          error instanceof ConfigError && /ORG_DEFAULT_FEATURES/.test(error.message),
      )
    } finally {
      await target.drop()
    }
  })
})

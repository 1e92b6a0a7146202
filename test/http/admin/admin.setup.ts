/** Fixtures for Admin API tests: a real server on a fresh database, two organizations with a token each. */
import { startServer, type RunningServer } from '../../../src/main.ts'
import { createLogger } from '../../../src/platform/log.ts'
import type { Engine } from '../../../src/storage/database.ts'
import { testConfig } from '../../helpers/config.ts'
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts'
import { freePort } from '../../helpers/processes.ts'

export interface AdminOrg {
  readonly orgId: string
  readonly ownerId: string
  readonly token: string
}

export interface AdminFixture {
  readonly server: RunningServer
  readonly url: string
  readonly a: AdminOrg
  readonly b: AdminOrg
  /** fetch against the server with a bearer token and JSON. */
  api(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: Record<string, unknown> }>
  close(): Promise<void>
}

export async function setupAdmin(engine: Engine): Promise<AdminFixture> {
  const target: TestDatabase = await createTestDatabase(engine)
  const port = await freePort()
  const server = await startServer(
    testConfig(target.url, { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }),
    createLogger('silent'),
  )
  const operator = { type: 'operator', id: 'test' } as const
  const makeOrg = async (name: string): Promise<AdminOrg> => {
    const org = await server.app.services.orgs.createOrganization(
      { name, adminEmail: `owner@${name.toLowerCase()}.test` },
      operator,
    )
    const { token } = await server.app.services.apiTokens.createToken(
      { orgId: org.organizationId, name: 'tests' },
      operator,
    )
    return { orgId: org.organizationId, ownerId: org.adminUserId, token }
  }
  const a = await makeOrg('OrgA')
  const b = await makeOrg('OrgB')
  return {
    server,
    url: server.url,
    a,
    b,
    api: async (token, method, path, body, headers = {}) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
      const text = await response.text()
      return {
        status: response.status,
        json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      }
    },
    close: async () => {
      await server.shutdown()
      await target.drop()
    },
  }
}

export function errorCode(json: Record<string, unknown>): string | undefined {
  return (json['error'] as { code?: string } | undefined)?.code
}

/**
 * Fixtures for operator API tests: the Admin API fixture (a real server on a fresh database, two
 * organizations with owners and admin tokens) plus operator tokens made the way the CLI makes them.
 */
import type { Engine } from '../../../src/storage/database.ts'
import type { Clock } from '../../../src/platform/clock.ts'
import { setupAdmin, type AdminFixture, type APIResult } from '../admin/admin.setup.ts'

export interface OperatorFixture extends AdminFixture {
  /** A token with every scope. */
  readonly operatorToken: string
  /** A token with `orgs:read` only. */
  readonly readOnlyToken: string
  /** `api` with the operator token. */
  op(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<APIResult>
}

const CLI = { type: 'operator', id: 'cli' } as const

export async function setupOperator(
  engine: Engine,
  options: { config?: Record<string, string>; clock?: Clock } = {},
): Promise<OperatorFixture> {
  const f = await setupAdmin(engine, options)
  const tokens = f.server.app.services.operatorTokens
  const { secret: operatorToken } = await tokens.create('console', undefined, CLI)
  const { secret: readOnlyToken } = await tokens.create('reporting', ['orgs:read'], CLI)
  return {
    ...f,
    operatorToken,
    readOnlyToken,
    op: (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      f.api(operatorToken, method, `/api/v1/operator${path}`, body, headers),
  }
}

export const errorOf = (result: APIResult): string | undefined =>
  (result.json['error'] as { code?: string } | undefined)?.code

/** SQL for SSO profiles. */
import type { SSOProfileStatus, SSOProfileSummary } from '../../sso-profiles/sso-profile.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import type { Executor } from '../database.ts'

export class SQLSSOProfileRepository implements SSOProfileRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async listSummaries(orgId: string): Promise<SSOProfileSummary[]> {
    const rows = await this.#db
      .selectFrom('sso_profiles')
      .select(['id', 'org_id', 'name', 'status', 'last_test_passed_at'])
      .where('org_id', '=', orgId)
      .orderBy('name')
      .execute()
    return rows.map((row) => ({
      id: row.id,
      orgId: row.org_id,
      name: row.name,
      status: row.status as SSOProfileStatus,
      lastTestPassedAt: row.last_test_passed_at,
    }))
  }
}

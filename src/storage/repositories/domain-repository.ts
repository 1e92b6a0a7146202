/** SQL for domains, as far as login needs them. */
import type { DomainLoginFacts, DomainStatus } from '../../domains/domain.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import type { Executor } from '../database.ts'

export class SQLDomainRepository implements DomainRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async findVerifiedByName(name: string): Promise<DomainLoginFacts | undefined> {
    const row = await this.#db
      .selectFrom('domains')
      .select(['org_id', 'name', 'status', 'sso_profile_id', 'enforced_at'])
      .where('name', '=', name)
      .where('status', 'in', ['verified', 'verified-uncertain'])
      .executeTakeFirst()
    return (
      row && {
        orgId: row.org_id,
        name: row.name,
        status: row.status as DomainStatus,
        ssoProfileId: row.sso_profile_id,
        enforced: row.enforced_at !== null,
      }
    )
  }
}

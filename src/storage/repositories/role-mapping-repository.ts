import type { Executor } from '../database.ts'
import { precompiled } from '../precompiled.ts'
import { NO_MAPPING, type RoleMapping, type RoleRule } from '../../users/role-mapping.ts'
import type { RoleMappingRepository } from '../../users/role-mapping-repository.ts'

// Read at every SAML sign-in.
const FIND = precompiled((db: Executor, orgId: string) =>
  db.selectFrom('role_mappings').select(['enabled', 'rules']).where('org_id', '=', orgId),
)

export class SQLRoleMappingRepository implements RoleMappingRepository {
  readonly #db: Executor

  constructor(db: Executor) {
    this.#db = db
  }

  async find(orgId: string): Promise<RoleMapping> {
    const [row] = await FIND.rows(this.#db, orgId)
    if (row === undefined) return NO_MAPPING
    return { enabled: Number(row.enabled) === 1, rules: JSON.parse(row.rules) as RoleRule[] }
  }

  async save(orgId: string, mapping: RoleMapping, now: number): Promise<void> {
    const values = {
      enabled: mapping.enabled ? 1 : 0,
      rules: JSON.stringify(mapping.rules),
      updated_at: now,
    }
    await this.#db
      .insertInto('role_mappings')
      .values({ org_id: orgId, ...values })
      .onConflict((c) => c.column('org_id').doUpdateSet(values))
      .execute()
  }
}

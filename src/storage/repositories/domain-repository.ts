/** SQL for domains; unique violations become stable AppErrors here (STYLE rule 9). */
import { pastKey } from './keyset.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Domain, DomainLoginFacts, DomainStatus, VerifiedBy } from '../../domains/domain.ts'
import type {
  DomainListQuery,
  DomainRepository,
  DomainUpdate,
} from '../../domains/domain-repository.ts'
import type { Database, DomainsTable, Executor } from '../database.ts'
import { UNIQUE } from '../unique-indexes.ts'
import { precompiled } from '../precompiled.ts'

// Read several times in every sign-in (the email step's policy, the SSO start, the ACS).
const FIND_VERIFIED_BY_NAME = precompiled((db: Executor, name: string) =>
  db
    .selectFrom('domains as d')
    .innerJoin('organizations as o', 'o.id', 'd.org_id')
    .select(['d.org_id', 'd.name', 'd.status', 'd.sso_profile_id', 'd.enforced_at', 'o.features'])
    .where('d.name', '=', name)
    .where('d.status', 'in', ['verified', 'verified-uncertain']),
)

export class SQLDomainRepository implements DomainRepository {
  readonly #db: Executor
  readonly #database: Database
  constructor(db: Executor, database: Database) {
    this.#db = db
    this.#database = database
  }

  async findVerifiedByName(name: string): Promise<DomainLoginFacts | undefined> {
    const [row] = await FIND_VERIFIED_BY_NAME.rows(this.#db, name)
    return (
      row && {
        orgId: row.org_id,
        name: row.name,
        status: row.status as DomainStatus,
        ssoProfileId: row.sso_profile_id,
        enforced: row.enforced_at !== null,
        ssoAvailable: (JSON.parse(row.features) as string[]).includes('sso'),
      }
    )
  }

  async insert(domain: Domain): Promise<void> {
    try {
      await this.#db.insertInto('domains').values(toRow(domain)).execute()
    } catch (error) {
      if (this.#database.isUniqueViolation(error, UNIQUE.domainsOrgName)) {
        throw new AppError('domain.exists', { cause: error })
      }
      throw error
    }
  }

  async findById(orgId: string, domainId: string): Promise<Domain | undefined> {
    const row = await this.#db
      .selectFrom('domains')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', domainId)
      .executeTakeFirst()
    return row && toDomain(row)
  }

  async listForOrg(orgId: string): Promise<Domain[]> {
    const rows = await this.#db
      .selectFrom('domains')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('name')
      .execute()
    return rows.map(toDomain)
  }

  async listPage(orgId: string, query: DomainListQuery): Promise<Domain[]> {
    let q = this.#db.selectFrom('domains').selectAll().where('org_id', '=', orgId)
    if (query.status !== undefined) q = q.where('status', '=', query.status)
    const after = query.after
    if (after !== undefined) {
      q = q.where(pastKey({ at: after.createdAt, id: after.id }))
    }
    const rows = await q
      .orderBy('created_at')
      .orderBy('id')
      .limit(query.limit + 1)
      .execute()
    return rows.map(toDomain)
  }

  async update(orgId: string, domainId: string, fields: DomainUpdate, now: number): Promise<void> {
    const row: Partial<DomainsTable> = { updated_at: now }
    if (fields.status !== undefined) row.status = fields.status
    if (fields.verifiedAt !== undefined) row.verified_at = fields.verifiedAt
    if (fields.verifiedBy !== undefined) row.verified_by = fields.verifiedBy
    if (fields.lastCheckedAt !== undefined) row.last_checked_at = fields.lastCheckedAt
    if (fields.uncertainSince !== undefined) row.uncertain_since = fields.uncertainSince
    if (fields.ssoProfileId !== undefined) row.sso_profile_id = fields.ssoProfileId
    if (fields.enforcedAt !== undefined) row.enforced_at = fields.enforcedAt
    try {
      await this.#db
        .updateTable('domains')
        .set(row)
        .where('org_id', '=', orgId)
        .where('id', '=', domainId)
        .execute()
    } catch (error) {
      if (this.#database.isUniqueViolation(error, UNIQUE.domainsVerifiedName)) {
        throw new AppError('domain.taken', { cause: error })
      }
      throw error
    }
  }

  async delete(orgId: string, domainId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('domains')
      .where('org_id', '=', orgId)
      .where('id', '=', domainId)
      .executeTakeFirst()
    return result.numDeletedRows === 1n
  }

  async listDueForRecheck(checkedBefore: number, limit: number): Promise<Domain[]> {
    const rows = await this.#db
      .selectFrom('domains')
      .selectAll()
      .where('status', 'in', ['verified', 'verified-uncertain'])
      // The operator's word is not re-checked in DNS: there may be no record to find.
      .where((eb) => eb.or([eb('verified_by', 'is', null), eb('verified_by', '<>', 'operator')]))
      .where((eb) =>
        eb.or([eb('last_checked_at', 'is', null), eb('last_checked_at', '<=', checkedBefore)]),
      )
      .orderBy('last_checked_at')
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map(toDomain)
  }
}

function toRow(domain: Domain): DomainsTable {
  return {
    id: domain.id,
    org_id: domain.orgId,
    name: domain.name,
    status: domain.status,
    verification_token: domain.verificationToken,
    verified_at: domain.verifiedAt,
    last_checked_at: domain.lastCheckedAt,
    uncertain_since: domain.uncertainSince,
    sso_profile_id: domain.ssoProfileId,
    enforced_at: domain.enforcedAt,
    created_at: domain.createdAt,
    updated_at: domain.updatedAt,
    verified_by: domain.verifiedBy,
  }
}

function toDomain(row: DomainsTable): Domain {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    status: row.status as DomainStatus,
    verificationToken: row.verification_token,
    verifiedAt: row.verified_at,
    lastCheckedAt: row.last_checked_at,
    uncertainSince: row.uncertain_since,
    ssoProfileId: row.sso_profile_id,
    enforcedAt: row.enforced_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    verifiedBy: row.status === 'unverified' ? null : ((row.verified_by ?? 'dns') as VerifiedBy),
  }
}

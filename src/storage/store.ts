/** Binds every repository to a handle: the database, or one transaction (platform/store.ts). */
import type { Store } from '../platform/store.ts'
import type { Database, Executor } from './database.ts'
import { SQLAdminAPITokenRepository } from './repositories/api-token-repository.ts'
import { SQLAuditRepository } from './repositories/audit-repository.ts'
import { SQLInvitationRepository } from './repositories/invitation-repository.ts'
import { SQLOIDCClientRepository } from './repositories/oidc-client-repository.ts'
import { SQLOrganizationRepository } from './repositories/organization-repository.ts'
import { SQLUserRepository } from './repositories/user-repository.ts'

export function bindRepositories(db: Executor, database: Database) {
  return Object.freeze({
    orgs: new SQLOrganizationRepository(db),
    users: new SQLUserRepository(db, database),
    invitations: new SQLInvitationRepository(db),
    clients: new SQLOIDCClientRepository(db),
    apiTokens: new SQLAdminAPITokenRepository(db),
    audit: new SQLAuditRepository(db),
  })
}

export type Repositories = ReturnType<typeof bindRepositories>

export function createStore(database: Database): Store<Repositories> {
  return Object.freeze({
    read: bindRepositories(database.db, database),
    transaction: <T>(work: (repos: Repositories) => Promise<T>) =>
      database.transaction((trx) => work(bindRepositories(trx, database))),
  })
}

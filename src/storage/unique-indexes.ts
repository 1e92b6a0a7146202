/**
 * Names of the unique indexes whose violation means a domain conflict, with the column list SQLite reports
 * for them (SQLite names columns, PostgreSQL names the index). Migrations create them under these names.
 */
export interface UniqueIndex {
  readonly name: string
  /** As SQLite reports it: `table.column[, table.column]`. */
  readonly columns: string
}

export const UNIQUE = {
  usersEmail: { name: 'users_email_canonical_unique', columns: 'users.email_canonical' },
  usersOwner: { name: 'users_one_owner_per_org', columns: 'users.org_id' },
  usersExternalId: {
    name: 'users_external_id_unique',
    columns: 'users.org_id, users.external_id',
  },
  domainsOrgName: { name: 'domains_org_name_unique', columns: 'domains.org_id, domains.name' },
  orgsExternalId: {
    name: 'organizations_external_id_unique',
    columns: 'organizations.external_id',
  },
  domainsVerifiedName: { name: 'domains_verified_name_unique', columns: 'domains.name' },
} as const satisfies Record<string, UniqueIndex>

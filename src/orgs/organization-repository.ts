/** Storage interface for organizations. */
import type { PageCursor } from '../platform/page.ts'
import type { Feature, Organization, OrgStatus } from './organization.ts'

export interface OrganizationListQuery {
  /** Part of the name (any case) or the exact external id. */
  readonly search?: string
  readonly status?: OrgStatus
  /** Newest first: rows created before this one. */
  readonly before?: PageCursor
  readonly limit: number
}

export interface OrganizationChange {
  readonly name?: string
  readonly externalId?: string | null
  readonly features?: readonly Feature[]
}

export interface OrganizationRepository {
  /** Throws AppError `org.external_id_taken` when another organization has its external id. */
  insert(org: Organization): Promise<void>
  findById(orgId: string): Promise<Organization | undefined>
  findByExternalId(externalId: string): Promise<Organization | undefined>
  /** One page, newest first; up to `limit + 1` rows so the caller can tell if more follow. */
  list(query: OrganizationListQuery): Promise<Organization[]>
  /**
   * Takes the organization's row for the rest of the transaction (a no-op write): a concurrent change
   * of its settings waits here (PostgreSQL; SQLite serialises writers anyway) and then reads what the
   * first one committed. False when there is no such organization.
   */
  lockForChange(orgId: string): Promise<boolean>
  updateSettings(
    orgId: string,
    settings: Readonly<Record<string, unknown>>,
    now: number,
  ): Promise<void>
  /** Throws AppError `org.external_id_taken` like `insert`. */
  update(orgId: string, change: OrganizationChange, now: number): Promise<void>
  setStatus(orgId: string, status: OrgStatus, now: number): Promise<void>
  /**
   * Deletes the organization and every row that belongs to it, in every table; returns how many rows
   * each table lost. Call inside a transaction: all of it or nothing.
   */
  deleteWithEverything(orgId: string): Promise<Readonly<Record<string, number>>>
}

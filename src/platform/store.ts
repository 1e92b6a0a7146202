/**
 * The unit-of-work seam between services and storage: services get repositories bound to either the
 * database or one open transaction, and never see a driver or a query builder (STYLE rules 3, 4, 11).
 */
export interface Store<R> {
  /** Repositories bound to the database, outside any transaction. */
  readonly read: R
  /** Runs `work` with repositories bound to one transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (repos: R) => Promise<T>): Promise<T>
}

/** Storage interface for job leases: which instance runs a periodic job now, and when it last finished. */

export interface JobLeaseRepository {
  /**
   * Takes the lease of `name` for `holder` until `leaseUntil`, atomically, when nobody holds it and the
   * job last finished before `finishedBefore`; false when another instance has it or it ran recently.
   */
  tryAcquire(
    name: string,
    holder: string,
    now: number,
    leaseUntil: number,
    finishedBefore: number,
  ): Promise<boolean>
  /** Until when another holder has the lease of `name`, if it is held at `now`; null otherwise. */
  heldUntil(name: string, now: number): Promise<number | null>
  /** Extends `holder`'s lease of `name` (a heartbeat); false when it no longer holds it. */
  renew(name: string, holder: string, leaseUntil: number): Promise<boolean>
  /** Records that `holder` finished `name` at `now` and releases the lease. */
  finish(name: string, holder: string, now: number): Promise<void>
  /** Releases `holder`'s lease without recording a finish: the job is due again at once. */
  release(name: string, holder: string): Promise<void>
}

/** Storage interface for setup links. */
import type { SetupLink } from './setup-link.ts'

export interface SetupLinkRepository {
  insert(link: SetupLink): Promise<void>
  /** The link with this hash, of `orgId`, whatever its state (until it is swept a day after). */
  findForOrg(idHash: string, orgId: string): Promise<SetupLink | undefined>
  /** The link when it exists, is unused and has not expired at `now`. */
  findUsable(idHash: string, now: number): Promise<SetupLink | undefined>
  /**
   * Uses the link once: marks it used and returns it, in one statement, when it exists, is for `orgId`,
   * is unused and has not expired at `now`; undefined otherwise (of N concurrent uses exactly one wins).
   */
  consume(idHash: string, orgId: string, now: number): Promise<SetupLink | undefined>
}

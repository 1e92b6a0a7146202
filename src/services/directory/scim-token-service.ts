/** SCIM tokens (Admin API `scim-tokens`), and checking one on a SCIM call. */
import {
  BearerTokenService,
  type BearerTokenServiceDeps,
} from '../organization/bearer-token-service.ts'
import { AppError } from '../../errors/app-error.ts'
import { constantEquals } from '../../platform/crypto.ts'
import { SCIM_TOKEN_PREFIX, type SCIMToken } from '../../scim/scim-token.ts'
import { assertServes } from '../../orgs/organization.ts'

export class SCIMTokenService extends BearerTokenService {
  constructor(deps: BearerTokenServiceDeps) {
    super(deps, {
      repository: 'scimTokens',
      prefix: SCIM_TOKEN_PREFIX,
      audit: 'scim_token',
      notFound: 'scim_token.not_found',
    })
  }

  /**
   * The token a SCIM call presents, for the organization its URL names. Unknown, revoked and other
   * organizations' tokens are one and the same 401 (SECURITY-CASES SCIM-01: nothing says whether the
   * organization exists).
   */
  async authenticateFor(secret: string | undefined, orgId: string): Promise<SCIMToken> {
    const active = await this.authenticate(secret)
    if (active === undefined || !constantEquals(active.token.orgId, orgId)) {
      throw new AppError('scim.unauthorized')
    }
    // Only a caller holding this organization's token learns its plan or its suspension.
    assertServes(active.organization, 'scim')
    return active.token
  }
}

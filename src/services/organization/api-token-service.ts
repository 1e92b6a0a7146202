/** Admin API tokens (SPEC §7 `token create`): bearer credentials acting with the admin role in one org. */
import { ADMIN_TOKEN_PREFIX } from '../../api-tokens/api-token.ts'
import { BearerTokenService, type BearerTokenServiceDeps } from './bearer-token-service.ts'

export class AdminAPITokenService extends BearerTokenService {
  constructor(deps: BearerTokenServiceDeps) {
    super(deps, {
      repository: 'apiTokens',
      prefix: ADMIN_TOKEN_PREFIX,
      audit: 'api_token',
      notFound: 'api_token.not_found',
    })
  }
}

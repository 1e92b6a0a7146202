/** `portcullis domain verify`: the operator vouches for an organization's domain (no DNS record needed). */
import { OPERATOR_CLI } from '../../audit/audit-event.ts'
import { validateNewDomain } from '../../domains/domain.ts'
import { text, type Command } from '../command.ts'

export const DOMAIN_COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  [
    'domain verify',
    {
      usage: `domain verify --org ORG_ID --domain NAME        mark a domain verified without DNS, on the
                                                  operator's word (audited; not re-checked in DNS)`,
      options: { org: { type: 'string' }, domain: { type: 'string' } },
      required: ['org', 'domain'],
      check: (v) => void validateNewDomain(v['domain']),
      run: async (app, v) => {
        const domain = await app.services.domains.vouchForDomain(
          text(v, 'org'),
          v['domain'],
          OPERATOR_CLI,
        )
        return {
          domainId: domain.id,
          name: domain.name,
          status: domain.status,
          verifiedBy: domain.verifiedBy,
        }
      },
    },
  ],
])

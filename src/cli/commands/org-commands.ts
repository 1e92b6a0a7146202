/** `portcullis org …`: the operator's organizations, through the same services as the operator API. */
import { OPERATOR_CLI } from '../../audit/audit-event.ts'
import { describeOrganization } from '../../orgs/describe.ts'
import {
  validateExternalId,
  validateFeatures,
  validateOrganizationName,
} from '../../orgs/organization.ts'
import { canonicalizeEmail } from '../../users/email.ts'
import { featureList, text, UsageError, type Command } from '../command.ts'

const ORG = { org: { type: 'string' } } as const

function limitOf(value: string): number {
  const limit = value === '' ? 50 : Number(value)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new UsageError('--limit must be 1 to 100')
  }
  return limit
}

export const ORG_COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  [
    'org create',
    {
      usage: `org create --name NAME --admin-email EMAIL [--external-id ID] [--feature sso|scim|import ...]
                                                  create an organization and its owner (idempotent on
                                                  --external-id: the same id and name again makes nothing)`,
      options: {
        name: { type: 'string' },
        'admin-email': { type: 'string' },
        'external-id': { type: 'string' },
        feature: { type: 'string', multiple: true },
      },
      required: ['name', 'admin-email'],
      check: (v) => {
        validateOrganizationName(v['name'])
        canonicalizeEmail(v['admin-email'])
        validateExternalId(v['external-id'])
        const features = featureList(v)
        if (features !== undefined) validateFeatures(features)
      },
      run: async (app, v) => {
        const features = featureList(v)
        const made = await app.services.orgs.create(
          {
            name: v['name'],
            ownerEmail: v['admin-email'],
            externalId: v['external-id'],
            ...(features === undefined ? {} : { features }),
            sendInvitation: false,
          },
          undefined,
          OPERATOR_CLI,
        )
        return made.created
          ? {
              organizationId: made.organization.id,
              adminUserId: made.owner?.id,
              inviteUrl: made.invitation.url,
            }
          : // A repeat: nothing was made, and no link is shown twice (`org invite-owner` makes a new one).
            { organizationId: made.organization.id, adminUserId: made.owner?.id, created: false }
      },
    },
  ],
  [
    'org list',
    {
      usage: `org list [--search TEXT] [--limit N]       organizations, newest first (search: name or external id)`,
      options: { search: { type: 'string' }, limit: { type: 'string' } },
      required: [],
      check: (v) => void limitOf(text(v, 'limit')),
      run: async (app, v) => {
        const search = text(v, 'search')
        const page = await app.services.orgs.list({
          limit: limitOf(text(v, 'limit')),
          ...(search === '' ? {} : { search }),
        })
        return {
          organizations: page.items.map(describeOrganization),
          more: page.next !== undefined,
        }
      },
    },
  ],
  [
    'org show',
    {
      usage: `org show --org ORG_ID                       one organization, its plan, status and owner`,
      options: ORG,
      required: ['org'],
      check: () => {},
      run: async (app, v) => {
        const view = await app.services.orgs.get(text(v, 'org'))
        return { organization: describeOrganization(view.organization), owner: view.owner }
      },
    },
  ],
  [
    'org update',
    {
      usage: `org update --org ORG_ID [--name NAME] [--external-id ID] [--features sso,scim,import]
                 [--lift-enforcement]             rename, re-key or change the plan (--features "" for none);
                                                  removing sso while a domain is enforced needs --lift-enforcement`,
      options: {
        ...ORG,
        name: { type: 'string' },
        'external-id': { type: 'string' },
        features: { type: 'string' },
        'lift-enforcement': { type: 'boolean' },
      },
      required: ['org'],
      check: (v) => {
        if (v['name'] !== undefined) validateOrganizationName(v['name'])
        if (v['external-id'] !== undefined) validateExternalId(v['external-id'])
        const features = featureList(v)
        if (features !== undefined) validateFeatures(features)
      },
      run: async (app, v) => {
        const features = featureList(v)
        const org = await app.services.orgChanges.update(
          text(v, 'org'),
          {
            ...(v['name'] === undefined ? {} : { name: v['name'] }),
            ...(v['external-id'] === undefined ? {} : { externalId: v['external-id'] }),
            ...(features === undefined ? {} : { features }),
            liftEnforcement: v['lift-enforcement'] === true,
          },
          OPERATOR_CLI,
        )
        return { organization: describeOrganization(org) }
      },
    },
  ],
  [
    'org suspend',
    {
      usage: `org suspend --org ORG_ID                    nobody of it signs in; its SCIM and Admin API answer 403`,
      options: ORG,
      required: ['org'],
      check: () => {},
      run: async (app, v) => ({
        organization: describeOrganization(
          await app.services.orgChanges.suspend(text(v, 'org'), OPERATOR_CLI),
        ),
      }),
    },
  ],
  [
    'org resume',
    {
      usage: `org resume --org ORG_ID                     end a suspension`,
      options: ORG,
      required: ['org'],
      check: () => {},
      run: async (app, v) => ({
        organization: describeOrganization(
          await app.services.orgChanges.resume(text(v, 'org'), OPERATOR_CLI),
        ),
      }),
    },
  ],
  [
    'org delete',
    {
      usage: `org delete --org ORG_ID                     delete a suspended organization and all its rows`,
      options: ORG,
      required: ['org'],
      check: () => {},
      run: async (app, v) => ({
        deleted: text(v, 'org'),
        rows: await app.services.orgChanges.delete(text(v, 'org'), OPERATOR_CLI),
      }),
    },
  ],
  [
    'org invite-owner',
    {
      usage: `org invite-owner --org ORG_ID               a new invitation link for an owner who has not accepted one`,
      options: ORG,
      required: ['org'],
      check: () => {},
      run: async (app, v) => {
        const issued = await app.services.orgs.reissueOwnerInvitation(text(v, 'org'), OPERATOR_CLI)
        return {
          userId: issued.user.id,
          inviteUrl: issued.inviteUrl,
          expiresAt: new Date(issued.expiresAt).toISOString(),
        }
      },
    },
  ],
])

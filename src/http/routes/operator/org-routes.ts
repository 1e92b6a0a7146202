/**
 * Operator API: organizations (issue 23) — create (idempotent), list, read, change the name, external id
 * and plan, suspend, resume, delete; the owner's invitation again; a domain on the operator's word; setup
 * links into the Admin Center. Thin: schema, service call, JSON.
 */
import type { FastifyInstance } from 'fastify'
import { describeOrganization } from '../../../orgs/describe.ts'
import { readIdempotencyKey } from '../../../orgs/idempotency-key.ts'
import type { DomainService } from '../../../services/organization/domain-service.ts'
import type { OrgChangeService } from '../../../services/operator/org-change-service.ts'
import type {
  OrganizationService,
  OrganizationView as View,
} from '../../../services/operator/organization-service.ts'
import type { SetupLinkService } from '../../../services/operator/setup-link-service.ts'
import { decodeCursor, encodeCursor, pageLimit } from '../../cursor.ts'
import type { OperatorOf } from './operator-scope.ts'
import { OPERATOR_PREFIX } from './operator-scope.ts'
import {
  CreatedOrganization,
  CreateOrganization,
  CreateSetupLink,
  DeletedOrganization,
  ListOrganizationsQuery,
  OPERATOR_ERROR_RESPONSES,
  OPERATOR_SECURITY,
  OrganizationList,
  OrganizationView,
  OrgIdParams,
  OwnerInvitation,
  SetupLinkBody,
  UpdateOrganization,
  VouchDomain,
  VouchedDomain,
} from './operator-schemas.ts'

export interface OrgRoutesDeps {
  readonly orgs: OrganizationService
  readonly changes: OrgChangeService
  readonly domains: DomainService
  readonly setupLinks: SetupLinkService
}

type OrgRoute = { Params: { orgId: string } }
const iso = (ms: number) => new Date(ms).toISOString()
const view = (v: View) => ({ organization: describeOrganization(v.organization), owner: v.owner })
const schema = (
  summary: string,
  parts: { params?: object; body?: object; querystring?: object; response: object },
  description?: string,
) => ({
  tags: ['operator: organizations'],
  summary,
  ...(description === undefined ? {} : { description }),
  security: OPERATOR_SECURITY,
  ...parts,
  response: { ...parts.response, ...OPERATOR_ERROR_RESPONSES },
})

export function registerOperatorOrgRoutes(
  app: FastifyInstance,
  operatorOf: OperatorOf,
  deps: OrgRoutesDeps,
): void {
  const base = `${OPERATOR_PREFIX}/orgs`
  const one = `${base}/:orgId`

  app.post<{ Body: CreateOrganization }>(
    base,
    {
      config: { operatorScope: 'orgs:write' },
      schema: schema(
        'Create an organization and its owner (invited)',
        {
          body: CreateOrganization,
          response: { 201: CreatedOrganization, 200: CreatedOrganization },
        },
        'Idempotent: the same `externalId` and name again, or the same `Idempotency-Key` header (kept 24 h) with the same body, makes nothing and answers 200 with what exists (`created: false`, no invitation link). The same `externalId` with another name is 409 `org.external_id_taken` with the existing organization’s id in `details.organizationId`; a reused key with another body is 422 `idempotency.key_reused`.',
      ),
    },
    async (request, reply) => {
      const key = readIdempotencyKey(request.headers['idempotency-key'])
      const made = await deps.orgs.create(request.body, key, operatorOf(request).actor)
      return reply.code(made.created ? 201 : 200).send({
        ...view(made),
        created: made.created,
        invitation: made.created
          ? { ...made.invitation, expiresAt: iso(made.invitation.expiresAt) }
          : null,
      })
    },
  )

  app.get<{ Querystring: ListOrganizationsQuery }>(
    base,
    {
      config: { operatorScope: 'orgs:read' },
      schema: schema('List organizations, newest first', {
        querystring: ListOrganizationsQuery,
        response: { 200: OrganizationList },
      }),
    },
    async (request) => {
      const { search, status } = request.query
      const cursor = decodeCursor(request.query.cursor)
      const page = await deps.orgs.list({
        limit: pageLimit(request.query.limit),
        ...(search === undefined ? {} : { search }),
        ...(status === undefined ? {} : { status }),
        ...(cursor === undefined ? {} : { before: cursor }),
      })
      return {
        organizations: page.items.map(describeOrganization),
        nextCursor: encodeCursor(page.next),
      }
    },
  )

  app.get<OrgRoute>(
    one,
    {
      config: { operatorScope: 'orgs:read' },
      schema: schema('Read an organization and its owner', {
        params: OrgIdParams,
        response: { 200: OrganizationView },
      }),
    },
    async (request) => view(await deps.orgs.get(request.params.orgId)),
  )

  app.patch<OrgRoute & { Body: UpdateOrganization }>(
    one,
    {
      config: { operatorScope: 'orgs:write' },
      schema: schema(
        'Change the name, external id or plan',
        { params: OrgIdParams, body: UpdateOrganization, response: { 200: OrganizationView } },
        'Removing `sso` while a domain enforces it is 409 `org.enforcement_active` unless `liftEnforcement: true`. Whenever `sso` goes, users without a password (invited, or signed in only by SSO) are sent an invitation or a password-reset link.',
      ),
    },
    async (request) => {
      const { orgId } = request.params
      await deps.changes.update(orgId, request.body, operatorOf(request).actor)
      return view(await deps.orgs.get(orgId))
    },
  )

  for (const action of ['suspend', 'resume'] as const) {
    app.post<OrgRoute>(
      `${one}/${action}`,
      {
        config: { operatorScope: 'orgs:write' },
        schema: schema(
          action === 'suspend'
            ? 'Suspend: nobody of it signs in, its SCIM and Admin API answer 403, live sessions end; nothing is deleted'
            : 'End a suspension',
          { params: OrgIdParams, response: { 200: OrganizationView } },
        ),
      },
      async (request) => {
        const { orgId } = request.params
        await deps.changes[action](orgId, operatorOf(request).actor)
        return view(await deps.orgs.get(orgId))
      },
    )
  }

  app.delete<OrgRoute>(
    one,
    {
      config: { operatorScope: 'orgs:write' },
      schema: schema(
        'Delete a suspended organization and every row of it, in one transaction',
        { params: OrgIdParams, response: { 200: DeletedOrganization } },
        '409 `org.not_suspended` unless suspended first. Audited as a deployment event (`org.deleted`, no organization) with the rows each table lost.',
      ),
    },
    async (request) => {
      const { orgId } = request.params
      const rows = await deps.changes.delete(orgId, operatorOf(request).actor)
      return { deleted: orgId, rows }
    },
  )

  app.post<OrgRoute>(
    `${one}/owner-invitation`,
    {
      config: { operatorScope: 'orgs:write' },
      schema: schema(
        'A new invitation link for an owner who has not accepted one (earlier links stop working)',
        { params: OrgIdParams, response: { 201: OwnerInvitation } },
        'For a sign-up whose first answer was lost: a retried create returns no link. 409 `org.owner_active` once the owner has accepted.',
      ),
    },
    async (request, reply) => {
      const issued = await deps.orgs.reissueOwnerInvitation(
        request.params.orgId,
        operatorOf(request).actor,
      )
      return reply.code(201).send({
        userId: issued.user.id,
        inviteUrl: issued.inviteUrl,
        expiresAt: iso(issued.expiresAt),
        emailDelivery: issued.emailDelivery,
      })
    },
  )

  app.post<OrgRoute & { Body: { name: string } }>(
    `${one}/verified-domains`,
    {
      config: { operatorScope: 'orgs:write' },
      schema: schema(
        'Mark a domain verified on the operator’s word, without DNS',
        { params: OrgIdParams, body: VouchDomain, response: { 200: VouchedDomain } },
        'Added if the organization lacks it; never re-checked in DNS; audited as the operator token’s act. 409 `domain.taken` when another organization verified it; 400 `domain.public_suffix` for a public suffix.',
      ),
    },
    async (request) => {
      const domain = await deps.domains.vouchForDomain(
        request.params.orgId,
        request.body.name,
        operatorOf(request).actor,
      )
      return {
        id: domain.id,
        name: domain.name,
        status: domain.status,
        verifiedBy: domain.verifiedBy,
      }
    },
  )

  app.post<OrgRoute & { Body: CreateSetupLink }>(
    `${one}/setup-links`,
    {
      config: { operatorScope: 'orgs:write' },
      schema: schema(
        'A single-use link into one page of the Admin Center for the organization’s admin',
        { params: OrgIdParams, body: CreateSetupLink, response: { 201: SetupLinkBody } },
        'Valid for `SETUP_LINK_TTL_SECONDS` (default 300). Whoever opens it still signs in, and lands only as an admin or owner of this organization; a used or expired link shows a page saying so.',
      ),
    },
    async (request, reply) => {
      const { url, expiresAt } = await deps.setupLinks.create(
        request.params.orgId,
        request.body,
        operatorOf(request).actor,
      )
      return reply.code(201).send({ url, expiresAt: iso(expiresAt) })
    },
  )
}

/** Admin API: verified domains (SPEC §2, §4). Thin: validate by schema, call DomainService, shape JSON. */
import type { FastifyInstance } from 'fastify'
import { describeDomain } from '../../../domains/describe-domain.ts'
import type { Domain } from '../../../domains/domain.ts'
import type { DomainService } from '../../../services/organization/domain-service.ts'
import type { PrincipalOf } from './admin-scope.ts'
import { decodeCursor, encodeCursor, pageLimit } from '../../cursor.ts'
import {
  AddDomain,
  DomainList,
  DomainParams,
  ListDomainsQuery,
  OrgParams,
  type DomainBody,
} from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'

type DomainRoute = { Params: { orgId: string; domainId: string } }
const DOMAIN_RESPONSE = { 200: { $ref: 'Domain' }, ...ERROR_RESPONSES }

export function registerDomainRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: { domains: DomainService },
): void {
  const { domains } = deps
  const body = (domain: Domain): DomainBody => describeDomain(domain, domains.recordFor(domain))
  const base = '/api/v1/orgs/:orgId/domains'

  app.get<{ Params: { orgId: string }; Querystring: ListDomainsQuery }>(
    base,
    {
      schema: {
        tags: ['domains'],
        summary: 'List the organization’s domains and their verification state',
        params: OrgParams,
        querystring: ListDomainsQuery,
        response: { 200: DomainList, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const cursor = decodeCursor(request.query.cursor)
      const page = await domains.listDomains(request.params.orgId, {
        limit: pageLimit(request.query.limit),
        after: cursor && { createdAt: cursor.at, id: cursor.id },
        status: request.query.status,
      })
      return {
        domains: page.items.map(body),
        nextCursor: encodeCursor(page.next),
      }
    },
  )

  app.post<{ Params: { orgId: string }; Body: AddDomain }>(
    base,
    {
      schema: {
        tags: ['domains'],
        summary: 'Add a domain; the response says which TXT record to publish',
        params: OrgParams,
        body: AddDomain,
        response: { 201: { $ref: 'Domain' }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params
      const domain = await domains.addDomain(orgId, request.body.name, principalOf(request).actor)
      return reply.code(201).send(body(domain))
    },
  )

  app.get<DomainRoute>(
    `${base}/:domainId`,
    {
      schema: {
        tags: ['domains'],
        summary: 'Read one domain',
        params: DomainParams,
        response: DOMAIN_RESPONSE,
      },
    },
    async (request) => body(await domains.getDomain(request.params.orgId, request.params.domainId)),
  )

  app.post<DomainRoute>(
    `${base}/:domainId/verify`,
    {
      schema: {
        tags: ['domains'],
        summary: 'Look the TXT record up now; 409 domain.verification_failed when it is not there',
        params: DomainParams,
        response: { ...DOMAIN_RESPONSE, 503: { $ref: 'Error' } },
      },
    },
    async (request) => {
      const { orgId, domainId } = request.params
      return body(await domains.verifyDomain(orgId, domainId, principalOf(request).actor))
    },
  )

  app.delete<DomainRoute>(
    `${base}/:domainId`,
    {
      schema: {
        tags: ['domains'],
        summary: 'Remove a domain (its enforcement ends with it)',
        params: DomainParams,
        response: { 204: { type: 'null' }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { orgId, domainId } = request.params
      await domains.removeDomain(orgId, domainId, principalOf(request).actor)
      return reply.code(204).send()
    },
  )
}

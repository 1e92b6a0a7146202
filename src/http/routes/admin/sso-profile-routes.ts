/** Admin API: SSO profiles (SPEC §4, §7). Thin: validate by schema, call SSOProfileService, shape JSON. */
import type { FastifyInstance } from 'fastify'
import type { SigningKeyService } from '../../../services/sign-in/signing-key-service.ts'
import { spEndpoints, type SSOProfile } from '../../../sso-profiles/sso-profile.ts'
import type { SSOProfileService } from '../../../services/organization/sso-profile-service.ts'
import { spMetadataXML } from '../../../saml/metadata/sp-metadata.ts'
import type { PrincipalOf } from './admin-scope.ts'
import { describeProfile } from '../../../sso-profiles/describe-profile.ts'
import { LiftEnforcementQuery, OrgParams } from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'
import {
  CreateSSOProfile,
  SSOProfileList,
  SSOProfileParams,
  TestStarted,
  UpdateSSOProfile,
  type SSOProfileBody,
} from './sso-profile-schemas.ts'

export interface SSOProfileRoutesDeps {
  readonly profiles: SSOProfileService
  readonly keys: SigningKeyService
  readonly publicUrl: string
}

type ProfileRoute = { Params: { orgId: string; profileId: string } }
const PROFILE_RESPONSE = { 200: { $ref: 'SSOProfile' }, ...ERROR_RESPONSES }

export function registerSSOProfileRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: SSOProfileRoutesDeps,
): void {
  const { profiles } = deps
  const base = '/api/v1/orgs/:orgId/sso-profiles'
  const body = async (profile: SSOProfile): Promise<SSOProfileBody> =>
    describeProfile(await profiles.view(profile), deps.publicUrl)

  app.get<{ Params: { orgId: string } }>(
    base,
    {
      schema: {
        tags: ['sso-profiles'],
        summary: 'List SSO profiles',
        params: OrgParams,
        response: { 200: SSOProfileList, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      ssoProfiles: await Promise.all((await profiles.listProfiles(request.params.orgId)).map(body)),
    }),
  )

  app.post<{ Params: { orgId: string }; Body: CreateSSOProfile }>(
    base,
    {
      schema: {
        tags: ['sso-profiles'],
        summary:
          'Create an SSO profile: by hand (entity ID, SSO URL, certificates) or from IdP metadata XML',
        params: OrgParams,
        body: CreateSSOProfile,
        response: { 201: { $ref: 'SSOProfile' }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const profile = await profiles.createProfile(
        request.params.orgId,
        request.body,
        principalOf(request).actor,
      )
      return reply.code(201).send(await body(profile))
    },
  )

  app.get<ProfileRoute>(
    `${base}/:profileId`,
    {
      schema: {
        tags: ['sso-profiles'],
        summary: 'Read an SSO profile, with its last test',
        params: SSOProfileParams,
        response: PROFILE_RESPONSE,
      },
    },
    async (request) =>
      body(await profiles.getProfile(request.params.orgId, request.params.profileId)),
  )

  app.patch<ProfileRoute & { Body: UpdateSSOProfile; Querystring: LiftEnforcementQuery }>(
    `${base}/:profileId`,
    {
      schema: {
        tags: ['sso-profiles'],
        summary:
          'Change an SSO profile; a changed IdP must pass a new connection test before enforcement',
        params: SSOProfileParams,
        querystring: LiftEnforcementQuery,
        body: UpdateSSOProfile,
        response: PROFILE_RESPONSE,
      },
    },
    async (request) => {
      const { orgId, profileId } = request.params
      return body(
        await profiles.updateProfile(
          orgId,
          profileId,
          request.body,
          principalOf(request).actor,
          lifting(request.query),
        ),
      )
    },
  )

  app.put<ProfileRoute & { Body: string; Querystring: LiftEnforcementQuery }>(
    `${base}/:profileId/idp-metadata`,
    {
      schema: {
        tags: ['sso-profiles'],
        summary:
          'Upload IdP metadata XML (application/samlmetadata+xml, application/xml or text/xml)',
        params: SSOProfileParams,
        querystring: LiftEnforcementQuery,
        response: PROFILE_RESPONSE,
      },
    },
    async (request) => {
      const { orgId, profileId } = request.params
      const xml = typeof request.body === 'string' ? request.body : ''
      return body(
        await profiles.updateProfile(
          orgId,
          profileId,
          { idpMetadataXml: xml },
          principalOf(request).actor,
          lifting(request.query),
        ),
      )
    },
  )

  app.delete<ProfileRoute & { Querystring: LiftEnforcementQuery }>(
    `${base}/:profileId`,
    {
      config: { freshSignIn: true },
      schema: {
        tags: ['sso-profiles'],
        summary: 'Delete an SSO profile (its domains are no longer served by it)',
        description:
          'Sensitive. A session caller must have signed in within the last 5 minutes (`403 auth.reauthentication_required`; sign in again at `/admin/reauthenticate`); API tokens are not asked.',
        params: SSOProfileParams,
        querystring: LiftEnforcementQuery,
        response: { 204: { type: 'null' }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await profiles.deleteProfile(
        request.params.orgId,
        request.params.profileId,
        principalOf(request).actor,
        lifting(request.query),
      )
      return reply.code(204).send()
    },
  )

  app.get<ProfileRoute>(
    `${base}/:profileId/metadata`,
    {
      schema: {
        tags: ['sso-profiles'],
        summary: "This profile's SP metadata XML, for the IdP",
        params: SSOProfileParams,
        response: { 200: { type: 'string' }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const profile = await profiles.getProfile(request.params.orgId, request.params.profileId)
      const xml = spMetadataXML(
        spEndpoints(deps.publicUrl, profile.id),
        await deps.keys.spCertificates(profile),
        profile.signRequests,
      )
      return reply.header('content-type', 'application/samlmetadata+xml; charset=utf-8').send(xml)
    },
  )

  app.post<ProfileRoute>(
    `${base}/:profileId/test`,
    {
      schema: {
        tags: ['sso-profiles'],
        summary: 'Start a connection test: returns a single-use URL to open in a browser',
        params: SSOProfileParams,
        response: { 200: TestStarted, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { orgId, profileId } = request.params
      const principal = principalOf(request)
      return {
        testUrl: await profiles.startTest(orgId, profileId, principal.actor, principal.sessionHash),
      }
    },
  )

  app.post<ProfileRoute>(
    `${base}/:profileId/staged-metadata/test`,
    {
      schema: {
        tags: ['sso-profiles'],
        summary:
          'Approve a held metadata change by testing it: a single-use URL; a passing test applies the change',
        params: SSOProfileParams,
        response: { 200: TestStarted, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { orgId, profileId } = request.params
      const principal = principalOf(request)
      const testUrl = await profiles.startTest(
        orgId,
        profileId,
        principal.actor,
        principal.sessionHash,
        'test_staged',
      )
      return { testUrl }
    },
  )

  app.post<ProfileRoute>(
    `${base}/:profileId/staged-metadata/reject`,
    {
      schema: {
        tags: ['sso-profiles'],
        summary: 'Reject a held metadata change; the current metadata stays in use',
        params: SSOProfileParams,
        response: PROFILE_RESPONSE,
      },
    },
    async (request) => {
      const { orgId, profileId } = request.params
      return body(await profiles.rejectStagedMetadata(orgId, profileId, principalOf(request).actor))
    },
  )
}

function lifting(query: LiftEnforcementQuery) {
  return { liftEnforcement: query.liftEnforcement === 'true' }
}

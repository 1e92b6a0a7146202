/** JSON Schemas of the Admin API's SSO profile routes (TypeBox), beside schemas.ts for the rest. */
import Type, { type Static } from 'typebox'
import { PRESET_NAMES } from '../../../sso-profiles/attribute-mapping.ts'
import { IDP_PRODUCTS } from '../../../sso-profiles/idp-products.ts'

export const SSOProfileParams = Type.Object(
  { orgId: Type.String({ maxLength: 100 }), profileId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)

export const SSOProfileBody = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    status: Type.Enum(['active', 'disabled']),
    idpEntityId: Type.Union([Type.String(), Type.Null()]),
    idpSsoUrl: Type.Union([Type.String(), Type.Null()]),
    idpMetadata: Type.Object({
      url: Type.Union([Type.String(), Type.Null()]),
      fetchedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      validUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      error: Type.Union([Type.String(), Type.Null()], {
        description: 'Why the last refresh failed; the last good copy is still used.',
      }),
    }),
    certificates: Type.Array(
      Type.Object({
        sha256Fingerprint: Type.String(),
        notBefore: Type.String({ format: 'date-time' }),
        notAfter: Type.String({ format: 'date-time' }),
        subject: Type.String(),
        warnings: Type.Array(Type.String(), {
          description:
            'Accepted, but worth knowing: a SHA-1/MD5 certificate signature, a 30-year validity.',
        }),
      }),
    ),
    signRequests: Type.Boolean(),
    signaturePolicy: Type.Enum(['assertion', 'both'], {
      description: '`assertion`: the assertion must be signed; `both`: the response too.',
    }),
    assertionEncryption: Type.Enum(['off', 'accepted', 'required'], {
      description:
        '`off`: encrypted assertions are refused and the SP metadata publishes no encryption key; `accepted`: encrypted (RSA-OAEP with AES-GCM, or AES-CBC in a signed response) or plaintext; `required`: a plaintext assertion is refused.',
    }),
    clockSkewSeconds: Type.Integer(),
    attributeMapping: Type.Object(
      {
        givenName: Type.Optional(Type.String()),
        familyName: Type.Optional(Type.String()),
        displayName: Type.Optional(Type.String()),
      },
      {
        description:
          "Which SAML attributes of the signed assertion set the user's names at every sign-in (never the email, which is the NameID, and nothing about access).",
      },
    ),
    defaultClientId: Type.Union([Type.String(), Type.Null()]),
    domains: Type.Array(Type.String(), { description: 'Verified domains this profile serves.' }),
    sp: Type.Object({
      entityId: Type.String({
        description: 'Give this to the IdP as the SP entity ID / audience.',
      }),
      acsUrl: Type.String({ description: 'Give this to the IdP as the ACS / reply URL.' }),
      metadataUrl: Type.String(),
    }),
    usable: Type.Boolean({
      description:
        'Has entity ID, SSO URL and a certificate, is active, and its metadata has not expired.',
    }),
    metadataChangePolicy: Type.Enum(['apply', 'hold']),
    idpProduct: Type.Union([Type.Enum([...IDP_PRODUCTS]), Type.Null()], {
      description: 'The IdP product it is set up with: the Admin Center shows its guide.',
    }),
    stagedMetadata: Type.Union(
      [
        Type.Object({
          at: Type.String({ format: 'date-time' }),
          status: Type.Enum(['pending', 'rejected']),
          certificatesAdded: Type.Array(Type.String()),
          certificatesRemoved: Type.Array(Type.String()),
          ssoUrl: Type.Union([
            Type.Object({ from: Type.Union([Type.String(), Type.Null()]), to: Type.String() }),
            Type.Null(),
          ]),
        }),
        Type.Null(),
      ],
      { description: 'A metadata change held for approval (policy `hold`), if there is one.' },
    ),
    warnings: Type.Array(
      Type.Object({
        code: Type.String({
          description:
            '`metadata_expired`, `metadata_expires_soon`, `certificate_expires_soon`, `certificates_expired`',
        }),
        at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
        message: Type.String(),
      }),
    ),
    lastTest: Type.Union([
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        passed: Type.Boolean(),
        result: Type.Record(Type.String(), Type.Unknown()),
      }),
      Type.Null(),
    ]),
  },
  { $id: 'SSOProfile' },
)
export type SSOProfileBody = Static<typeof SSOProfileBody>

const ProfileFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  status: Type.Enum(['active', 'disabled']),
  idpEntityId: Type.String({ minLength: 1, maxLength: 1024 }),
  idpSsoUrl: Type.String({ minLength: 1, maxLength: 2048 }),
  // More than MAX_PINNED_CERTIFICATES is refused by the service with its own code.
  certificates: Type.Array(Type.String({ minLength: 1, maxLength: 16384 }), { maxItems: 20 }),
  idpMetadataXml: Type.String({ minLength: 1, maxLength: 196608 }),
  idpMetadataUrl: Type.Union([Type.String({ minLength: 1, maxLength: 2048 }), Type.Null()]),
  signRequests: Type.Boolean(),
  signaturePolicy: Type.Enum(['assertion', 'both']),
  assertionEncryption: Type.Enum(['off', 'accepted', 'required']),
  clockSkewSeconds: Type.Integer({ minimum: 0, maximum: 300 }),
  defaultClientId: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  metadataChangePolicy: Type.Enum(['apply', 'hold'], {
    description:
      '`apply`: a metadata refresh that changes certificates or the SSO URL takes effect at once (audited, admins emailed); `hold`: it waits until a connection test of it passes (approve) or an admin rejects it.',
  }),
  domains: Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
    maxItems: 100,
    uniqueItems: true,
  }),
  attributeMapping: Type.Object(
    {
      givenName: Type.Optional(
        Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Null()]),
      ),
      familyName: Type.Optional(
        Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Null()]),
      ),
      displayName: Type.Optional(
        Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Null()]),
      ),
    },
    {
      additionalProperties: false,
      description: 'Replaces the mapping: attribute names by field; null or absent: not mapped.',
    },
  ),
  attributeMappingPreset: Type.Enum([...PRESET_NAMES], {
    description:
      'Sets the mapping to the claim names this IdP sends by default (or, for IdPs that send none, the names its guide sets up). Chosen automatically from the IdP product, the IdP entity ID, or the first connection test, while the mapping is empty.',
  }),
  idpProduct: Type.Union([Type.Enum([...IDP_PRODUCTS]), Type.Null()], {
    description:
      "The IdP product it is set up with (the Admin Center's guide); unless a mapping or preset is given too, it also sets that product's names preset.",
  }),
}

/** Every field of a profile but its name, optional: shared by create and update. */
const OptionalProfileFields = {
  status: Type.Optional(ProfileFields.status),
  idpEntityId: Type.Optional(ProfileFields.idpEntityId),
  idpSsoUrl: Type.Optional(ProfileFields.idpSsoUrl),
  certificates: Type.Optional(ProfileFields.certificates),
  idpMetadataXml: Type.Optional(ProfileFields.idpMetadataXml),
  idpMetadataUrl: Type.Optional(ProfileFields.idpMetadataUrl),
  signRequests: Type.Optional(ProfileFields.signRequests),
  signaturePolicy: Type.Optional(ProfileFields.signaturePolicy),
  assertionEncryption: Type.Optional(ProfileFields.assertionEncryption),
  metadataChangePolicy: Type.Optional(ProfileFields.metadataChangePolicy),
  clockSkewSeconds: Type.Optional(ProfileFields.clockSkewSeconds),
  defaultClientId: Type.Optional(ProfileFields.defaultClientId),
  domains: Type.Optional(ProfileFields.domains),
  attributeMapping: Type.Optional(ProfileFields.attributeMapping),
  attributeMappingPreset: Type.Optional(ProfileFields.attributeMappingPreset),
  idpProduct: Type.Optional(ProfileFields.idpProduct),
}

export const CreateSSOProfile = Type.Object(
  { name: ProfileFields.name, ...OptionalProfileFields },
  { additionalProperties: false },
)
export type CreateSSOProfile = Static<typeof CreateSSOProfile>

export const UpdateSSOProfile = Type.Object(
  { name: Type.Optional(ProfileFields.name), ...OptionalProfileFields },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateSSOProfile = Static<typeof UpdateSSOProfile>

export const SSOProfileList = Type.Object({ ssoProfiles: Type.Array(Type.Ref('SSOProfile')) })

export const TestStarted = Type.Object({
  testUrl: Type.String({
    description: 'Open in a browser: runs a real SP-initiated login in test mode (single use).',
  }),
})

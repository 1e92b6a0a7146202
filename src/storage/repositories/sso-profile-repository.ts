/** SQL for SSO profiles and their certificates. */
import type { PinnedCertificate } from '../../saml/certificates.ts'
import type {
  MetadataChangePolicy,
  MetadataChanges,
  StagedMetadata,
} from '../../sso-profiles/metadata-changes.ts'
import type { AssertionEncryption, SignaturePolicy } from '../../saml/acs/context.ts'
import type {
  AttributeMapping,
  SSOProfile,
  SSOProfileStatus,
} from '../../sso-profiles/sso-profile.ts'
import type {
  SSOProfileRepository,
  SSOProfileUpdate,
} from '../../sso-profiles/sso-profile-repository.ts'
import { newId } from '../../platform/random.ts'
import type { Executor, SSOProfileCertificatesTable, SSOProfilesTable } from '../database.ts'
import { IDP_PRODUCTS, type IdPProduct } from '../../sso-profiles/idp-products.ts'
import { precompiled } from '../precompiled.ts'

// The SSO start, the hand-over and the ACS each read the profile and its certificates: compiled once
// per engine (issue 29).
const FIND_BY_ID = precompiled((db: Executor, orgId: string, profileId: string) =>
  db.selectFrom('sso_profiles').selectAll().where('org_id', '=', orgId).where('id', '=', profileId),
)
const FIND_BY_PATH_ID = precompiled((db: Executor, profileId: string) =>
  db.selectFrom('sso_profiles').selectAll().where('id', '=', profileId),
)
const CERTIFICATES = precompiled((db: Executor, orgId: string, profileId: string) =>
  db
    .selectFrom('sso_profile_certificates')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('sso_profile_id', '=', profileId)
    .orderBy('created_at')
    .orderBy('sha256_fingerprint'),
)

export class SQLSSOProfileRepository implements SSOProfileRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async claimExpiryWarning(
    profileId: string,
    code: string,
    expiresAt: number,
    thresholdDays: number,
    now: number,
  ): Promise<boolean> {
    const result = await this.#db
      .insertInto('expiry_warnings')
      .values({
        profile_id: profileId,
        code,
        expires_at: expiresAt,
        threshold_days: thresholdDays,
        warned_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['profile_id', 'code', 'expires_at', 'threshold_days']).doNothing(),
      )
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
  }

  async insert(profile: SSOProfile): Promise<void> {
    await this.#db.insertInto('sso_profiles').values(toRow(profile)).execute()
    await this.#insertCertificates(
      profile.orgId,
      profile.id,
      profile.certificates,
      profile.createdAt,
    )
  }

  async findById(orgId: string, profileId: string): Promise<SSOProfile | undefined> {
    const [row] = await FIND_BY_ID.rows(this.#db, orgId, profileId)
    return row && this.#withCertificates(row)
  }

  async findByPathId(profileId: string): Promise<SSOProfile | undefined> {
    const [row] = await FIND_BY_PATH_ID.rows(this.#db, profileId)
    return row && this.#withCertificates(row)
  }

  async listForOrg(orgId: string): Promise<SSOProfile[]> {
    const rows = await this.#db
      .selectFrom('sso_profiles')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return Promise.all(rows.map((row) => this.#withCertificates(row)))
  }

  async update(
    orgId: string,
    profileId: string,
    fields: SSOProfileUpdate,
    now: number,
  ): Promise<void> {
    const row: Partial<SSOProfilesTable> = { updated_at: now }
    const set = <K extends keyof SSOProfilesTable>(
      key: K,
      value: SSOProfilesTable[K] | undefined,
    ) => {
      if (value !== undefined) row[key] = value
    }
    set('name', fields.name)
    set('status', fields.status)
    set('idp_entity_id', fields.idpEntityId)
    set('idp_sso_url', fields.idpSsoUrl)
    set('idp_metadata_url', fields.idpMetadataUrl)
    set('idp_metadata_xml', fields.idpMetadataXml)
    set('idp_metadata_fetched_at', fields.idpMetadataFetchedAt)
    set('idp_metadata_valid_until', fields.idpMetadataValidUntil)
    set('idp_metadata_next_refresh_at', fields.idpMetadataNextRefreshAt)
    set('idp_metadata_error', fields.idpMetadataError)
    set(
      'sign_requests',
      fields.signRequests === undefined ? undefined : fields.signRequests ? 1 : 0,
    )
    set('signature_policy', fields.signaturePolicy)
    set('assertion_encryption', fields.assertionEncryption)
    set('clock_skew_seconds', fields.clockSkewSeconds)
    set(
      'attribute_mapping',
      fields.attributeMapping === undefined ? undefined : JSON.stringify(fields.attributeMapping),
    )
    set('default_client_id', fields.defaultClientId)
    set('metadata_change_policy', fields.metadataChangePolicy)
    set('idp_product', fields.idpProduct)
    if (fields.stagedMetadata !== undefined)
      Object.assign(row, stagedColumns(fields.stagedMetadata))
    set('last_test_at', fields.lastTestAt)
    set('last_test_passed_at', fields.lastTestPassedAt)
    set(
      'last_test_result',
      fields.lastTestResult === undefined
        ? undefined
        : fields.lastTestResult === null
          ? null
          : JSON.stringify(fields.lastTestResult),
    )
    await this.#db
      .updateTable('sso_profiles')
      .set(row)
      .where('org_id', '=', orgId)
      .where('id', '=', profileId)
      .execute()
  }

  async setCertificates(
    orgId: string,
    profileId: string,
    certificates: readonly PinnedCertificate[],
    now: number,
  ): Promise<void> {
    await this.#db
      .deleteFrom('sso_profile_certificates')
      .where('org_id', '=', orgId)
      .where('sso_profile_id', '=', profileId)
      .execute()
    await this.#insertCertificates(orgId, profileId, certificates, now)
  }

  async delete(orgId: string, profileId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('sso_profiles')
      .where('org_id', '=', orgId)
      .where('id', '=', profileId)
      .executeTakeFirst()
    return result.numDeletedRows === 1n
  }

  async listDueForMetadataRefresh(now: number, limit: number): Promise<SSOProfile[]> {
    const rows = await this.#db
      .selectFrom('sso_profiles')
      .selectAll()
      .where('idp_metadata_url', 'is not', null)
      .where((eb) =>
        eb.or([
          eb('idp_metadata_next_refresh_at', 'is', null),
          eb('idp_metadata_next_refresh_at', '<=', now),
        ]),
      )
      .orderBy('idp_metadata_next_refresh_at')
      .limit(limit)
      .execute()
    return Promise.all(rows.map((row) => this.#withCertificates(row)))
  }

  async listExpiringBefore(at: number, limit: number): Promise<SSOProfile[]> {
    const rows = await this.#db
      .selectFrom('sso_profiles')
      .selectAll()
      .where('status', '=', 'active')
      .where((eb) =>
        eb.or([
          eb('idp_metadata_valid_until', '<=', at),
          eb.exists(
            eb
              .selectFrom('sso_profile_certificates')
              .select('sso_profile_certificates.id')
              .whereRef('sso_profile_certificates.sso_profile_id', '=', 'sso_profiles.id')
              .where('sso_profile_certificates.not_after', '<=', at),
          ),
        ]),
      )
      .orderBy('id')
      .limit(limit)
      .execute()
    return Promise.all(rows.map((row) => this.#withCertificates(row)))
  }

  async #insertCertificates(
    orgId: string,
    profileId: string,
    certificates: readonly PinnedCertificate[],
    now: number,
  ): Promise<void> {
    for (const certificate of certificates) {
      await this.#db
        .insertInto('sso_profile_certificates')
        .values({
          id: newId(),
          org_id: orgId,
          sso_profile_id: profileId,
          pem: certificate.pem,
          sha256_fingerprint: certificate.sha256Fingerprint,
          not_before: certificate.notBefore,
          not_after: certificate.notAfter,
          created_at: now,
        })
        .execute()
    }
  }

  async #withCertificates(row: SSOProfilesTable): Promise<SSOProfile> {
    const certificates = await CERTIFICATES.rows(this.#db, row.org_id, row.id)
    return toProfile(row, certificates)
  }
}

function toRow(p: SSOProfile): SSOProfilesTable {
  return {
    id: p.id,
    org_id: p.orgId,
    name: p.name,
    status: p.status,
    idp_entity_id: p.idpEntityId,
    idp_sso_url: p.idpSsoUrl,
    idp_metadata_url: p.idpMetadataUrl,
    idp_metadata_xml: p.idpMetadataXml,
    idp_metadata_fetched_at: p.idpMetadataFetchedAt,
    idp_metadata_valid_until: p.idpMetadataValidUntil,
    idp_metadata_next_refresh_at: p.idpMetadataNextRefreshAt,
    idp_metadata_error: p.idpMetadataError,
    sign_requests: p.signRequests ? 1 : 0,
    signature_policy: p.signaturePolicy,
    assertion_encryption: p.assertionEncryption,
    clock_skew_seconds: p.clockSkewSeconds,
    attribute_mapping: JSON.stringify(p.attributeMapping),
    default_client_id: p.defaultClientId,
    metadata_change_policy: p.metadataChangePolicy,
    idp_product: p.idpProduct,
    ...stagedColumns(p.stagedMetadata),
    last_test_at: p.lastTestAt,
    last_test_passed_at: p.lastTestPassedAt,
    last_test_result: p.lastTestResult === null ? null : JSON.stringify(p.lastTestResult),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  }
}

function toProfile(row: SSOProfilesTable, certificates: SSOProfileCertificatesTable[]): SSOProfile {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    status: row.status as SSOProfileStatus,
    idpEntityId: row.idp_entity_id,
    idpSsoUrl: row.idp_sso_url,
    idpMetadataUrl: row.idp_metadata_url,
    idpMetadataXml: row.idp_metadata_xml,
    idpMetadataFetchedAt: row.idp_metadata_fetched_at,
    idpMetadataValidUntil: row.idp_metadata_valid_until,
    idpMetadataNextRefreshAt: row.idp_metadata_next_refresh_at,
    idpMetadataError: row.idp_metadata_error,
    certificates: certificates.map((c) => ({
      pem: c.pem,
      sha256Fingerprint: c.sha256_fingerprint,
      notBefore: c.not_before,
      notAfter: c.not_after,
      subject: '',
    })),
    signRequests: row.sign_requests === 1,
    signaturePolicy: row.signature_policy as SignaturePolicy,
    assertionEncryption: row.assertion_encryption as AssertionEncryption,
    clockSkewSeconds: row.clock_skew_seconds,
    attributeMapping: JSON.parse(row.attribute_mapping) as AttributeMapping,
    defaultClientId: row.default_client_id,
    metadataChangePolicy: row.metadata_change_policy as MetadataChangePolicy,
    idpProduct: readIdPProduct(row.idp_product),
    stagedMetadata:
      row.staged_metadata_xml === null
        ? null
        : {
            xml: row.staged_metadata_xml,
            at: Number(row.staged_metadata_at),
            changes: JSON.parse(row.staged_metadata_changes ?? '{}') as MetadataChanges,
            status: row.staged_metadata_status === 'rejected' ? 'rejected' : 'pending',
          },
    lastTestAt: row.last_test_at,
    lastTestPassedAt: row.last_test_passed_at,
    lastTestResult:
      row.last_test_result === null
        ? null
        : (JSON.parse(row.last_test_result) as Record<string, unknown>),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function stagedColumns(staged: StagedMetadata | null) {
  return {
    staged_metadata_xml: staged?.xml ?? null,
    staged_metadata_at: staged?.at ?? null,
    staged_metadata_changes: staged === null ? null : JSON.stringify(staged.changes),
    staged_metadata_status: staged?.status ?? null,
  }
}

function readIdPProduct(value: string | null): IdPProduct | null {
  return (IDP_PRODUCTS as readonly (string | null)[]).includes(value) ? (value as IdPProduct) : null
}

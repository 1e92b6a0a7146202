/**
 * `npm run bench:acs`: ACS validations per second for a realistic signed SAML response (~5 KB, response
 * and assertion signed, every check, the pending request consumed and the assertion ID written to the
 * replay cache in one SQLite transaction), next to @node-saml/node-saml's validatePostResponse on the same
 * responses in the same run. Prints both rates and the ratio.
 */
import { FEATURES, newOrganization } from '../src/orgs/organization.ts'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SAML } from '@node-saml/node-saml'
import { hashSecret } from '../src/platform/crypto.ts'
import { newId } from '../src/platform/random.ts'
import { validateSAMLResponse } from '../src/saml/acs/pipeline.ts'
import type { ACSProfile } from '../src/saml/acs/context.ts'
import { migrateToLatest } from '../src/storage/migrate.ts'
import { openSQLite } from '../src/storage/sqlite/dialect.ts'
import { createStore } from '../src/storage/store.ts'
import { K_A } from '../test/helpers/saml.ts'
import { entraAttributes, insertVerifiedDomain, pendingResponses } from './saml-responses.ts'
import { SigningKeyService } from '../src/services/sign-in/signing-key-service.ts'
import { SYSTEM_CLOCK } from '../src/platform/clock.ts'
import { createSecretBox } from '../src/platform/secret-box.ts'
import { perSecond, reportRows } from './report.ts'

const N = Number(process.env['BENCH_N'] ?? 1500)
const ROUNDS = 3
const BROWSER = 'bench-browser'

async function main(): Promise<void> {
  const path = join(tmpdir(), `portcullis-bench-acs-${process.pid}.sqlite`)
  const database = openSQLite(path)
  await migrateToLatest(database)
  const store = createStore(database)
  const orgId = newId()
  const profileId = newId()
  const now = Date.now()
  await store.read.orgs.insert(
    newOrganization(orgId, now, { name: 'Bench', externalId: null, features: [...FEATURES] }),
  )
  await database.db
    .insertInto('sso_profiles')
    .values({
      id: profileId,
      org_id: orgId,
      name: 'IdP',
      status: 'active',
      sign_requests: 0,
      signature_policy: 'both',
      assertion_encryption: 'accepted',
      clock_skew_seconds: 120,
      attribute_mapping: '{}',
      metadata_change_policy: 'apply',
      created_at: now,
      updated_at: now,
    })
    .execute()
  await database.db
    .insertInto('users')
    .values({
      id: newId(),
      org_id: orgId,
      email: 'ada@orga.test',
      email_canonical: 'ada@orga.test',
      status: 'active',
      role: 'member',
      sso_override: 'none',
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute()
  await insertVerifiedDomain(database, orgId, 'orga.test', now)
  const profile: ACSProfile = {
    id: profileId,
    orgId,
    idpEntityId: 'https://idp.example.test/metadata',
    spEntityId: `https://login.example.test/saml/${profileId}/metadata`,
    acsUrl: `https://login.example.test/saml/${profileId}/acs`,
    certificates: [K_A.cert],
    signaturePolicy: 'both',
    assertionEncryption: 'accepted',
    clockSkewMs: 120_000,
  }
  const total = N * ROUNDS
  const common = {
    count: total,
    now,
    browser: BROWSER,
    email: 'ada@orga.test',
    attributes: entraAttributes('ada@orga.test'),
  }
  const responses = await pendingResponses(store, profile, common)
  // Issue 28: the same responses with the assertion encrypted to the SP (AES-256-GCM, RSA-OAEP with the
  // SP's RSA-2048 encryption key), signed before and after encryption.
  const keys = new SigningKeyService({
    store,
    clock: SYSTEM_CLOCK,
    secrets: createSecretBox(undefined),
  })
  const { key: spKey } = await keys.activeKey('saml-encryption')
  const encrypted = await pendingResponses(store, profile, {
    ...common,
    encryptTo: spKey.certificatePem ?? '',
  })
  const bytes = Buffer.from(responses[0] ?? '', 'base64').length
  const encryptedBytes = Buffer.from(encrypted[0] ?? '', 'base64').length

  const nodeSAML = (decryptionPvk?: string) =>
    new SAML({
      callbackUrl: profile.acsUrl,
      entryPoint: 'https://idp.example.test/sso',
      issuer: profile.spEntityId,
      audience: profile.spEntityId,
      idpCert: K_A.cert,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      acceptedClockSkewMs: 120_000,
      ...(decryptionPvk !== undefined && { decryptionPvk }),
    })
  const plainSAML = nodeSAML()
  const decryptingSAML = nodeSAML(spKey.privateKeyPem)

  const validateOurs = (samlResponse: string) =>
    store.transaction(async (repos) =>
      validateSAMLResponse(
        { profile, samlResponse, bindingHash: hashSecret(BROWSER), now: Date.now() },
        {
          consumePendingRequest: async (pid, id, binding, at) => {
            const request =
              binding === undefined
                ? undefined
                : await repos.samlRequests.consume(pid, id, binding, at)
            return (
              request && {
                requestId: request.id,
                profileId: request.profileId,
                purpose: request.purpose,
                loginTransactionId: null,
              }
            )
          },
          recordAssertion: (issuer, id, expiresAt) =>
            repos.samlRequests.recordAssertion(issuer, id, expiresAt),
          findUser: (org, email) => repos.users.findByEmail(org, email),
          isVerifiedDomain: async (org, domain) =>
            (await repos.domains.findVerifiedByName(domain))?.orgId === org,
          // As the ACS reads them: in its transaction, parsed once by the key service.
          decryptionKeys: () => keys.decryptionKeys(repos.signingKeys),
        },
      ),
    )
  const rate = async (batch: readonly string[], validate: (r: string) => Promise<unknown>) => {
    const start = performance.now()
    for (const samlResponse of batch) await validate(samlResponse)
    return batch.length / ((performance.now() - start) / 1000)
  }

  const ours: number[] = []
  const theirs: number[] = []
  const oursEncrypted: number[] = []
  const theirsEncrypted: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const slice = (all: readonly string[]) => all.slice(round * N, (round + 1) * N)
    ours.push(await rate(slice(responses), validateOurs))
    oursEncrypted.push(await rate(slice(encrypted), validateOurs))
    theirs.push(
      await rate(slice(responses), (r) => plainSAML.validatePostResponseAsync({ SAMLResponse: r })),
    )
    theirsEncrypted.push(
      await rate(slice(encrypted), (r) =>
        decryptingSAML.validatePostResponseAsync({ SAMLResponse: r }),
      ),
    )
  }
  await database.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
  const best = (xs: number[]) => Math.max(...xs)
  console.log(
    `ACS benchmark: ${bytes}-byte signed response (response + assertion), ${N} per round x ${ROUNDS} rounds, best round`,
  )
  console.log(
    `  Portcullis (all checks + pending request + replay cache write, SQLite): ${best(ours).toFixed(0).padStart(6)}/s`,
  )
  console.log(
    `  @node-saml/node-saml validatePostResponseAsync (no replay cache):        ${best(theirs).toFixed(0).padStart(6)}/s`,
  )
  const ratio = best(ours) / best(theirs)
  console.log(`  ratio: ${ratio.toFixed(2)}x`)
  console.log(
    `Encrypted (${encryptedBytes} bytes: AES-256-GCM + RSA-OAEP, assertion signed before, response after)`,
  )
  console.log(
    `  Portcullis:                                                             ${best(oursEncrypted).toFixed(0).padStart(6)}/s`,
  )
  console.log(
    `  @node-saml/node-saml with decryptionPvk:                                ${best(theirsEncrypted).toFixed(0).padStart(6)}/s`,
  )
  const cost = best(ours) / best(oursEncrypted)
  console.log(
    `  encrypted costs ${cost.toFixed(2)}x a plaintext one (goal ≤ 1.5); ${(best(oursEncrypted) / best(theirsEncrypted)).toFixed(2)}x node-saml`,
  )
  reportRows([
    {
      path: `bench:acs, in process (${(bytes / 1024).toFixed(1)} KB, twice signed, all checks + replay write)`,
      now: perSecond(best(ours)),
      baseline: `node-saml ${perSecond(best(theirs))}`,
      ratio,
      goal: '≥ 10',
      met: ratio >= 10,
    },
    {
      path: 'bench:acs, encrypted assertion (AES-256-GCM, RSA-OAEP) against plaintext, time per response',
      now: perSecond(best(oursEncrypted)),
      baseline: `plaintext ${perSecond(best(ours))}`,
      ratio: cost,
      goal: '≤ 1.5',
      met: cost <= 1.5,
    },
  ])
}

await main()

/**
 * `npm run bench:acs`: ACS validations per second for a realistic signed SAML response (~5 KB, response
 * and assertion signed, every check, the pending request consumed and the assertion ID written to the
 * replay cache in one SQLite transaction), next to @node-saml/node-saml's validatePostResponse on the same
 * responses in the same run. Prints both rates and the ratio.
 */
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
import { buildResponse, encode, K_A, sign } from '../test/helpers/saml.ts'

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
  await store.read.orgs.insert({
    id: orgId,
    name: 'Bench',
    settings: {},
    createdAt: now,
    updatedAt: now,
  })
  await database.db
    .insertInto('sso_profiles')
    .values({
      id: profileId,
      org_id: orgId,
      name: 'IdP',
      status: 'active',
      sign_requests: 0,
      signature_policy: 'both',
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
  await database.db
    .insertInto('domains')
    .values({
      id: newId(),
      org_id: orgId,
      name: 'orga.test',
      status: 'verified',
      verification_token: 't',
      created_at: now,
      updated_at: now,
    })
    .execute()
  const profile: ACSProfile = {
    id: profileId,
    orgId,
    idpEntityId: 'https://idp.example.test/metadata',
    spEntityId: `https://login.example.test/saml/${profileId}/metadata`,
    acsUrl: `https://login.example.test/saml/${profileId}/acs`,
    certificates: [K_A.cert],
    signaturePolicy: 'both',
    clockSkewMs: 120_000,
  }
  const attributes: Record<string, string> = {
    email: 'ada@orga.test',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'Ada',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'Lovelace',
    'http://schemas.microsoft.com/identity/claims/displayname': 'Ada Lovelace',
    'http://schemas.microsoft.com/identity/claims/tenantid': '4f0c1f5e-8a3f-4b53-9f8d-2f1f6c6d9a11',
    'http://schemas.microsoft.com/identity/claims/objectidentifier':
      'b2a1e9f0-6d1c-4e0e-8b4f-7a1a9f3c2d10',
    'http://schemas.microsoft.com/claims/authnmethodsreferences':
      'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password',
  }
  const total = N * ROUNDS
  const responses: string[] = []
  const requests: string[] = []
  for (let i = 0; i < total; i++) {
    const requestId = `_req${i}_${newId().replace(/-/g, '')}`
    requests.push(requestId)
    const xml = sign(
      buildResponse({
        conn: profile,
        now,
        nameId: 'ada@orga.test',
        inResponseTo: requestId,
        attributes,
      }),
      'both',
    )
    responses.push(encode(xml))
  }
  for (const requestId of requests) {
    await store.read.samlRequests.insert({
      id: requestId,
      orgId,
      profileId,
      bindingHash: hashSecret(BROWSER),
      purpose: 'login',
      loginTransactionId: null,
      createdAt: now,
      expiresAt: now + 3600_000,
      consumedAt: null,
      actor: null,
    })
  }
  const bytes = Buffer.from(responses[0] ?? '', 'base64').length

  const nodeSAML = new SAML({
    callbackUrl: profile.acsUrl,
    entryPoint: 'https://idp.example.test/sso',
    issuer: profile.spEntityId,
    audience: profile.spEntityId,
    idpCert: K_A.cert,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    acceptedClockSkewMs: 120_000,
  })

  const ours: number[] = []
  const theirs: number[] = []
  let next = 0
  for (let round = 0; round < ROUNDS; round++) {
    const batch = responses.slice(round * N, (round + 1) * N)
    let start = performance.now()
    for (const samlResponse of batch) {
      await store.transaction(async (repos) =>
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
          },
        ),
      )
      next++
    }
    ours.push(batch.length / ((performance.now() - start) / 1000))
    start = performance.now()
    for (const samlResponse of batch)
      await nodeSAML.validatePostResponseAsync({ SAMLResponse: samlResponse })
    theirs.push(batch.length / ((performance.now() - start) / 1000))
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
  console.log(`  ratio: ${(best(ours) / best(theirs)).toFixed(2)}x (validated ${next})`)
}

await main()

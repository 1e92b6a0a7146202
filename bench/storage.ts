/**
 * `npm run bench:storage`: what the query layer costs. Inserts and primary-key reads of users through
 * Portcullis's repositories (Kysely + the node:sqlite driver) against the same SQL on raw `node:sqlite`
 * prepared statements, measured in the same run; prints both rates and the ratio.
 */
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { FEATURES, newOrganization } from '../src/orgs/organization.ts'
import { newId } from '../src/platform/random.ts'
import { migrateToLatest } from '../src/storage/migrate.ts'
import { openSQLite } from '../src/storage/sqlite/dialect.ts'
import { createStore } from '../src/storage/store.ts'
import type { User } from '../src/users/user.ts'
import { perSecond, reportRows } from './report.ts'

const N = Number(process.env['BENCH_N'] ?? 5000)
const ROUNDS = 3

function user(orgId: string, i: number, run: string): User {
  return {
    id: newId(),
    orgId,
    email: `u${i}-${run}@bench.test`,
    emailCanonical: `u${i}-${run}@bench.test`,
    givenName: 'Given',
    familyName: 'Family',
    displayName: null,
    externalId: null,
    status: 'active',
    role: 'member',
    passwordHash: null,
    ssoOverride: 'none',
    createdAt: 1,
    updatedAt: 1,
    lastLoginAt: null,
    locale: null,
    roleFrom: null,
    idpGroups: null,
    version: 1,
  }
}

async function main(): Promise<void> {
  const path = join(tmpdir(), `portcullis-bench-${process.pid}.sqlite`)
  const database = openSQLite(path)
  await migrateToLatest(database)
  const store = createStore(database)
  const orgId = newId()
  await store.read.orgs.insert(
    newOrganization(orgId, 1, { name: 'Bench', externalId: null, features: [...FEATURES] }),
  )
  const raw = new DatabaseSync(path)
  raw.exec('pragma busy_timeout = 15000')
  raw.exec('pragma synchronous = normal')
  const insert = raw.prepare(
    `insert into users (id, org_id, email, email_canonical, given_name, family_name, display_name, external_id, status, role, password_hash, sso_override, created_at, updated_at, last_login_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const select = raw.prepare('select * from users where org_id = ? and id = ?')

  const results: Record<string, number[]> = {
    layerInsert: [],
    rawInsert: [],
    layerRead: [],
    rawRead: [],
  }
  for (let round = 0; round < ROUNDS; round++) {
    const layerUsers = Array.from({ length: N }, (_, i) => user(orgId, i, `l${round}`))
    const rawUsers = Array.from({ length: N }, (_, i) => user(orgId, i, `r${round}`))
    let start = performance.now()
    for (const u of layerUsers) await store.read.users.insert(u)
    results['layerInsert']?.push(N / ((performance.now() - start) / 1000))
    start = performance.now()
    for (const u of rawUsers) {
      insert.run(
        u.id,
        u.orgId,
        u.email,
        u.emailCanonical,
        u.givenName,
        u.familyName,
        null,
        null,
        u.status,
        u.role,
        null,
        u.ssoOverride,
        1,
        1,
        null,
      )
    }
    results['rawInsert']?.push(N / ((performance.now() - start) / 1000))
    start = performance.now()
    for (const u of layerUsers) await store.read.users.findById(orgId, u.id)
    results['layerRead']?.push(N / ((performance.now() - start) / 1000))
    start = performance.now()
    for (const u of rawUsers) select.get(orgId, u.id)
    results['rawRead']?.push(N / ((performance.now() - start) / 1000))
  }
  raw.close()
  await database.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })

  const best = (key: string): number => Math.max(...(results[key] ?? [0]))
  const line = (what: string, layer: number, base: number): string =>
    `${what.padEnd(22)} repositories ${layer.toFixed(0).padStart(8)}/s   raw node:sqlite ${base.toFixed(0).padStart(8)}/s   ratio ${(layer / base).toFixed(2)}`
  console.log(`storage benchmark (SQLite, ${N} operations x ${ROUNDS} rounds, best round)`)
  console.log(line('user insert', best('layerInsert'), best('rawInsert')))
  console.log(line('user read by id', best('layerRead'), best('rawRead')))
  const ratio = best('layerRead') / best('rawRead')
  reportRows([
    {
      path: 'repository read by id (bench:storage)',
      now: perSecond(best('layerRead')),
      baseline: `raw node:sqlite ${perSecond(best('rawRead'))}`,
      ratio,
      goal: '≥ 0.5',
      met: ratio >= 0.5,
    },
  ])
}

await main()

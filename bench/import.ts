/**
 * `npm run bench:import`: bulk user import of a BENCH_ROWS-row CSV (100,000) into an organization with a
 * verified domain, against a real server process on SQLite (the default): the dry run, and applying it
 * (upload, then the job runner working through the run until it is finished), each in rows/s, with the
 * server's peak RSS growth (the file is streamed, never loaded whole). Next to it, in the same run, a raw
 * node:sqlite batch insert of the same rows (one prepared INSERT, one transaction) as the floor.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { DatabaseSync } from 'node:sqlite'
import { randomUUID } from 'node:crypto'
import { startSCIMServer } from '../scripts/lib/scim-server.ts'
import { cpuSeconds, statusKiB } from './proc.ts'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 100_000)
const METRICS_TOKEN = 'bench-import-metrics-token-0123456789abcdef'
const DOMAIN = 'import-bench.test'

const dir = mkdtempSync(join(tmpdir(), 'portcullis-import-bench-'))
const file = join(dir, 'people.csv')
const lines = ['email,given name,family name,role']
for (let i = 0; i < ROWS; i++) {
  lines.push(`person${i}@${DOMAIN},Given${i},"Family, ${i}",${i % 100 === 0 ? 'admin' : 'member'}`)
}
writeFileSync(file, `${lines.join('\n')}\n`)
const bytes = readFileSync(file).byteLength

function rawInsert(): number {
  const db = new DatabaseSync(join(dir, 'raw.sqlite'))
  db.exec('pragma journal_mode = wal; pragma synchronous = normal')
  db.exec(`create table users (id text primary key, org_id text not null, email text not null,
    email_canonical text not null unique, given_name text, family_name text, role text not null,
    status text not null, created_at integer not null)`)
  const insert = db.prepare('insert into users values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const started = performance.now()
  db.exec('begin')
  for (let i = 0; i < ROWS; i++) {
    const email = `person${i}@${DOMAIN}`
    insert.run(
      randomUUID(),
      'org',
      email,
      email,
      `Given${i}`,
      `Family, ${i}`,
      'member',
      'invited',
      Date.now(),
    )
  }
  db.exec('commit')
  const seconds = (performance.now() - started) / 1000
  db.close()
  return ROWS / seconds
}

/**
 * The same import run in this process on its own SQLite file, with the heap's live size sampled after a
 * forced GC (kB): what the import holds, as opposed to how far V8 lets the heap grow. Needs --expose-gc.
 */
async function liveHeap(): Promise<{ dry: number; apply: number } | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) return undefined
  const { openApp } = await import('../src/main.ts')
  const { loadConfig } = await import('../src/config/load.ts')
  const app = await openApp(
    loadConfig({ NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'live.sqlite')}` }).config,
  )
  try {
    const operator = { type: 'operator', id: 'bench' } as const
    const org = await app.services.orgs.createOrganization(
      { name: 'Live', adminEmail: `owner@${DOMAIN}` },
      operator,
    )
    // Setup only: the domain is marked verified directly (the measured code is the import).
    const now = Date.now()
    await app.database.db
      .insertInto('domains')
      .values({
        id: randomUUID(),
        org_id: org.organizationId,
        name: DOMAIN,
        status: 'verified',
        verification_token: 'bench',
        verified_at: now,
        last_checked_at: now,
        uncertain_since: null,
        sso_profile_id: null,
        enforced_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const measure = async (work: () => Promise<unknown>) => {
      gc()
      const base = process.memoryUsage().heapUsed
      let peak = base
      const timer = setInterval(() => {
        gc()
        peak = Math.max(peak, process.memoryUsage().heapUsed)
      }, 100)
      try {
        const result = await work()
        gc()
        peak = Math.max(peak, process.memoryUsage().heapUsed)
        void result
      } finally {
        clearInterval(timer)
      }
      return (peak - base) / 1024
    }
    const imports = app.services.imports
    // The dry run as the HTTP answer consumes it: a batch at a time, written out and dropped.
    const dry = await measure(async () => {
      for await (const part of imports.dryRun(org.organizationId, createReadStream(file))) {
        void JSON.stringify(part)
      }
    })
    const apply = await measure(async () => {
      await imports.startRun(
        org.organizationId,
        createReadStream(file),
        { sendInvitations: false },
        operator,
      )
      await imports.processRuns()
    })
    return { dry, apply }
  } finally {
    await app.close()
  }
}

const server = await startSCIMServer([[DOMAIN]], {
  JOB_POLL_SECONDS: '1',
  METRICS_TOKEN: METRICS_TOKEN,
  ...(process.env['IMPORT_BATCH_ROWS']
    ? { IMPORT_BATCH_ROWS: process.env['IMPORT_BATCH_ROWS'] }
    : {}),
  ...(process.env['BENCH_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['BENCH_NODE_OPTIONS'] } : {}),
})
try {
  const org = server.orgs[0]
  if (org === undefined) throw new Error('no organization')
  const base = `${server.url}/api/v1/orgs/${org.orgId}/users/import`
  const post = (query: string) =>
    fetch(`${base}${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${org.adminToken}`, 'content-type': 'text/csv' },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit)
  const pid = server.process.pid
  const rssStart = statusKiB(pid, 'VmRSS')

  let started = performance.now()
  const dry = await post('?dryRun=true')
  const planned = (await dry.json()) as { counts: Record<string, number> }
  const drySeconds = (performance.now() - started) / 1000
  if (dry.status !== 200 || planned.counts['create'] !== ROWS) {
    throw new Error(`dry run: ${dry.status} ${JSON.stringify(planned.counts)}`)
  }
  const dryPeak = statusKiB(pid, 'VmHWM')

  const cpuBefore = cpuSeconds(pid)
  started = performance.now()
  const applied = await post('')
  const { run } = (await applied.json()) as { run: { id: string } }
  const uploadSeconds = (performance.now() - started) / 1000
  const uploadPeak = statusKiB(pid, 'VmHWM')
  let status = ''
  let counts: Record<string, number> = {}
  while (status !== 'finished' && status !== 'failed') {
    await new Promise((resolve) => setTimeout(resolve, 50))
    const now = (await (
      await fetch(`${base}/${run.id}`, { headers: { authorization: `Bearer ${org.adminToken}` } })
    ).json()) as { status: string; counts: Record<string, number> }
    status = now.status
    counts = now.counts
  }
  const applySeconds = (performance.now() - started) / 1000
  const applyCpu = cpuSeconds(pid) - cpuBefore
  if (status !== 'finished' || counts['create'] !== ROWS) {
    throw new Error(`run ${status}: ${JSON.stringify(counts)}`)
  }
  const applyPeak = statusKiB(pid, 'VmHWM')
  const heap = await serverHeap(server.url)
  const raw = rawInsert()
  const live = await liveHeap()

  const rate = (seconds: number) => Math.round(ROWS / seconds)
  const mb = (kb: number) => (kb / 1024).toFixed(1)
  console.log(`bench:import  ${ROWS} rows, ${(bytes / 1024 / 1024).toFixed(1)} MiB, SQLite`)
  console.log(`  raw node:sqlite batch insert     ${Math.round(raw)} rows/s (floor)`)
  console.log(
    `  dry run                          ${rate(drySeconds)} rows/s  (${(rate(drySeconds) / raw).toFixed(3)} of raw)  goal ≥ 20,000`,
  )
  console.log(
    `  apply (upload + run to finished) ${rate(applySeconds)} rows/s  (${(rate(applySeconds) / raw).toFixed(3)} of raw)  goal ≥ 20,000`,
  )
  console.log(
    `    of which upload                ${uploadSeconds.toFixed(2)} s (server RSS peak then +${((uploadPeak - rssStart) / 1024).toFixed(1)} MiB)`,
  )
  console.log(
    `    server CPU during apply        ${applyCpu.toFixed(2)} s of ${applySeconds.toFixed(2)} s (${((100 * applyCpu) / applySeconds).toFixed(0)}% of one core)`,
  )
  if (live !== undefined) {
    console.log(
      `  live heap after GC, in process (sampled every 100 ms): dry run +${mb(live.dry)} MiB, apply +${mb(live.apply)} MiB (the dry run streams its answer a batch at a time; apply holds one batch)`,
    )
  }
  console.log(
    `  server RSS at start ${mb(rssStart)} MiB; peak after dry run ${mb(dryPeak)} MiB (+${mb(dryPeak - rssStart)}), after apply ${mb(applyPeak)} MiB (+${mb(applyPeak - rssStart)})  goal growth < 50 MiB`,
  )
  console.log(
    `  server after apply: V8 heap ${heap.total} MiB committed, ${heap.used} MiB used; outside V8 (RSS - heap) ${heap.outside} MiB`,
  )
} finally {
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
}

/** The server's V8 heap and RSS now, from its Prometheus metrics (Node's default ones), in MiB. */
async function serverHeap(url: string) {
  const text = await (
    await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text()
  const value = (name: string) =>
    Number(new RegExp(`^portcullis_${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN) / 1048576
  const total = value('nodejs_heap_size_total_bytes')
  const rss = value('process_resident_memory_bytes')
  return {
    total: total.toFixed(0),
    used: value('nodejs_heap_size_used_bytes').toFixed(0),
    outside: (rss - total).toFixed(0),
  }
}

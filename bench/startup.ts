/**
 * `npm run bench:startup`: how long the server takes from its process start to a 200 from /readyz, and
 * how much memory it holds once idle (VmRSS, BENCH_IDLE_SECONDS after ready), for `npm start`'s built
 * server (build/server/start.mjs) next to the same source run with type stripping (src/start.ts, how
 * `npm start` ran before the build) and a bare Node.js HTTP server (the floor), in one run, alternating,
 * BENCH_ROUNDS (3) times each. "first start" is an empty database (migrations and key generation
 * included); "restart" is the same database again. Medians are printed.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startArguments } from '../test/helpers/processes.ts'
import { rssMiB } from './proc.ts'

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const IDLE_SECONDS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 5)
const ROOT = join(import.meta.dirname, '..')
const GOAL_MIB = 120

interface Measure {
  readonly readyMs: number
  readonly rssMiB: number
}

const built = await startArguments()
const flags = built.slice(0, -1)
const variants: Record<string, readonly string[]> = {
  'built (npm start)': built,
  'type-stripped src/start.ts': [...flags, 'src/start.ts'],
  'bare Node.js HTTP server': [
    '-e',
    "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT, '127.0.0.1')",
  ],
}

async function measure(args: readonly string[], databaseFile: string): Promise<Measure> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: `sqlite:${databaseFile}`,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  })
  const exited = new Promise((resolve) => child.on('close', resolve))
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited`)
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200 || (r.status === 404 && args[0] === '-e'),
        () => false,
      )
      if (ready) break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const readyMs = performance.now() - started
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000))
    return { readyMs, rssMiB: rssMiB(child.pid ?? 0) }
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

const results = new Map<string, { first: Measure[]; restart: Measure[] }>()
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, args] of Object.entries(variants)) {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-startup-bench-'))
    try {
      const file = join(dir, 'p.sqlite')
      const first = await measure(args, file)
      const restart = await measure(args, file)
      const entry = results.get(name) ?? { first: [], restart: [] }
      entry.first.push(first)
      entry.restart.push(restart)
      results.set(name, entry)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

const f0 = (n: number) => n.toFixed(0)
console.log(
  `bench:startup  ${ROUNDS} rounds, RSS ${IDLE_SECONDS} s after /readyz answered, medians (${process.version})`,
)
const row = (name: string, which: 'first' | 'restart') => {
  const m = results.get(name)?.[which] ?? []
  return {
    ready: median(m.map((x) => x.readyMs)),
    rss: median(m.map((x) => x.rssMiB)),
  }
}
for (const which of ['first', 'restart'] as const) {
  console.log(which === 'first' ? '  first start (empty database)' : '  restart (same database)')
  for (const name of Object.keys(variants)) {
    const { ready, rss } = row(name, which)
    console.log(
      `    ${name.padEnd(30)} ready ${f0(ready).padStart(5)} ms   idle RSS ${f0(rss)} MiB`,
    )
  }
  const now = row('built (npm start)', which)
  const before = row('type-stripped src/start.ts', which)
  const floor = row('bare Node.js HTTP server', which)
  console.log(
    `    built vs type-stripped: ready ${(now.ready / before.ready).toFixed(2)}×, RSS ${(now.rss / before.rss).toFixed(2)}× (${f0(now.rss - before.rss)} MiB); above bare Node ${f0(now.rss - floor.rss)} MiB; goal ≤ ${GOAL_MIB} MiB: ${now.rss <= GOAL_MIB ? 'met' : 'not met'}`,
  )
}

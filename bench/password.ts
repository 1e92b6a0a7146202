/**
 * `npm run bench:password`: password verifications per second, sequential on one core. Portcullis's
 * argon2id (OWASP m=19 MiB, t=2, p=1, through @node-rs/argon2) against node:crypto scrypt at OWASP's
 * N=2^17, r=8, p=1, the platform's alternative, measured in the same run; prints both rates and the ratio.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { hashPassword, verifyPassword } from '../src/users/password.ts'

const N = Number(process.env['BENCH_N'] ?? 100)
const ROUNDS = 3
const PASSWORD = 'correct horse battery staple'
const SCRYPT = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: typeof SCRYPT,
) => Promise<Buffer>

async function rate(n: number, verify: () => Promise<boolean>): Promise<number> {
  let best = 0
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now()
    for (let i = 0; i < n; i++) if (!(await verify())) throw new Error('verification failed')
    best = Math.max(best, n / ((performance.now() - start) / 1000))
  }
  return best
}

const stored = await hashPassword(PASSWORD)
const salt = randomBytes(16)
const expected = await scryptAsync(PASSWORD, salt, 32, SCRYPT)
const argon = await rate(N, () => verifyPassword(stored, PASSWORD))
// scrypt at these parameters is ~30x slower: fewer iterations keep the run short; rates are per second.
const baseline = await rate(Math.max(3, Math.ceil(N / 20)), async () =>
  timingSafeEqual(await scryptAsync(PASSWORD, salt, 32, SCRYPT), expected),
)
console.log(`Password verification, sequential, best of ${ROUNDS} rounds`)
console.log(`  Portcullis argon2id (m=19 MiB, t=2, p=1):      ${argon.toFixed(1).padStart(7)}/s`)
console.log(`  node:crypto scrypt (N=2^17, r=8, p=1):         ${baseline.toFixed(1).padStart(7)}/s`)
console.log(`  ratio: ${(argon / baseline).toFixed(1)}x`)

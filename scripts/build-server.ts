/**
 * The server's ahead-of-time build (issue 29): `src/start.ts` and everything it imports from `src/`,
 * type-stripped and bundled by rolldown (vite's bundler, already installed with it) into
 * `build/server/start.mjs`, so a running server neither strips types nor holds a module record per
 * source file — about 28 MiB less resident memory (`npm run bench:startup`). Dependencies stay in
 * node_modules (imported at run time; the lazily loaded ones stay lazy).
 *
 *   node scripts/build-server.ts             build now
 *   node scripts/build-server.ts --if-stale  build only when a file under src/ (or package.json) is
 *                                            newer than the build: what `npm start` runs first
 *
 * Several processes may build at once (test files start servers in parallel): each writes into a
 * directory of its own and renames its files into build/server/, the content-hashed chunks first and
 * start.mjs last, so a reader sees either the old entry or the new one with all of its chunks.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
export const SERVER_BUILD_DIR = join(ROOT, 'build', 'server')
export const SERVER_ENTRY = join(SERVER_BUILD_DIR, 'start.mjs')
/**
 * Dependencies bundled in anyway: pure ES modules spread over hundreds of files (TypeBox ~700, Kysely
 * ~300), where each module's record cost more than its code — ~9 MiB of idle RSS for TypeBox alone.
 * Bundled, only what the server uses is kept, in one module. Neither has another copy at run time (no
 * runtime dependency imports them). Bundling every dependency was worse (CommonJS ones get wrapped).
 */
const BUNDLED = ['typebox', 'kysely']

/** The newest modification time of the build's inputs. */
function newestInput(): number {
  let newest = statSync(join(ROOT, 'package.json')).mtimeMs
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else newest = Math.max(newest, statSync(path).mtimeMs)
    }
  }
  walk(join(ROOT, 'src'))
  return newest
}

export function serverBuildIsStale(): boolean {
  try {
    return statSync(SERVER_ENTRY).mtimeMs < newestInput()
  } catch {
    return true
  }
}

export async function bundleServer(): Promise<void> {
  // Imported here: the check above runs on every `npm start`, the bundler only when it must.
  const { rolldown } = await import('rolldown')
  const staging = join(ROOT, 'build', `.server-${process.pid}-${Date.now()}`)
  const bundle = await rolldown({
    input: join(ROOT, 'src', 'start.ts'),
    platform: 'node',
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'warn',
    // Bare specifiers are dependencies, loaded from node_modules at run time, except the transformer's
    // own helpers (a tagged template is lowered with one) and BUNDLED, which go into the bundle.
    external: (id) =>
      !id.startsWith('.') &&
      !id.startsWith('/') &&
      !id.startsWith('\0') &&
      !id.startsWith('@oxc-project/runtime') &&
      !BUNDLED.some((name) => id === name || id.startsWith(`${name}/`)),
  })
  try {
    await bundle.write({
      dir: staging,
      format: 'esm',
      entryFileNames: 'start.mjs',
      chunkFileNames: '[name]-[hash].mjs',
      banner: '// Built by scripts/build-server.ts from src/: edit the source, not this file.',
      // Non-ASCII characters escaped: V8 then holds the source as one byte per character, not two.
      charset: 'ascii',
      // The source's doc comments stay in src/; a running server has no use for them.
      comments: { jsdoc: false },
    })
  } finally {
    await bundle.close()
  }
  // V8 keeps a source with any non-ASCII character at two bytes a character (twice the memory).
  // `charset: 'ascii'` escapes strings but not template literals: write those as \u escapes.
  for (const name of readdirSync(staging)) {
    const text = readFileSync(join(staging, name), 'utf8')
    const at = text.search(/[^\x00-\x7f]/)
    if (at >= 0) {
      rmSync(staging, { recursive: true, force: true })
      const line = text.slice(0, at).split('\n').length
      throw new Error(
        `${name}:${line}: a non-ASCII character in a template literal; write it as \\u escape`,
      )
    }
  }
  mkdirSync(SERVER_BUILD_DIR, { recursive: true })
  const files = readdirSync(staging).sort(
    (a, b) => Number(a === 'start.mjs') - Number(b === 'start.mjs'),
  )
  for (const name of files) renameSync(join(staging, name), join(SERVER_BUILD_DIR, name))
  rmSync(staging, { recursive: true, force: true })
  // Chunks of earlier builds: a server loads its chunks at start, so ten minutes on nobody needs them.
  for (const name of readdirSync(SERVER_BUILD_DIR)) {
    const path = join(SERVER_BUILD_DIR, name)
    if (!files.includes(name) && statSync(path).mtimeMs < Date.now() - 600_000) rmSync(path)
  }
}

/** Builds when stale; true when it built. */
export async function ensureServerBuild(): Promise<boolean> {
  if (!serverBuildIsStale()) return false
  try {
    await import('rolldown')
  } catch {
    // Production dependencies only (`npm ci --omit=dev`): copies may have touched the sources' times.
    statSync(SERVER_ENTRY) // no build at all is an error
    process.stderr.write('portcullis: the bundler is not installed; starting the existing build\n')
    return false
  }
  await bundleServer()
  return true
}

if (import.meta.main) {
  if (process.argv.includes('--if-stale')) await ensureServerBuild()
  else await bundleServer()
}

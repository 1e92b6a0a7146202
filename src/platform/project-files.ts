/**
 * Files that ship beside the code (package.json, the built Admin Center, the passkey glue), found from
 * the project's root rather than from the calling module: the code runs from `src/` (type stripping) or
 * from the ahead-of-time build in `build/server/` (`npm run build:server`), at different depths.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let root: string | undefined

/** The directory holding Portcullis's package.json: the nearest one above this module named portcullis. */
export function projectRoot(): string {
  if (root !== undefined) return root
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'portcullis') {
      root = dir
      return dir
    }
    if (dirname(dir) === dir) throw new Error('portcullis: package.json not found above the code')
  }
}

/** A path under the project's root, given as its segments. */
export function projectFile(...segments: string[]): string {
  return join(projectRoot(), ...segments)
}

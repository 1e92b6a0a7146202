/**
 * The one script of the server-rendered pages (issue 25): SimpleWebAuthn's browser bundle (the library's
 * own build, read from the package) followed by our glue (passkey-glue.js), served as one same-origin
 * file so the pages that offer passkeys allow `script-src 'self'` and nothing else — no inline script,
 * no eval. Every other page stays without script.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { projectFile } from '../../platform/project-files.ts'

export const PASSKEY_SCRIPT_PATH = '/assets/passkey.js'

/** The bundle and the glue, read once at start. */
export function passkeyScript(): string {
  const require = createRequire(projectFile('package.json'))
  // The package exports its modules only; its bundle sits beside them (dist/ next to script/).
  const browserPackage = join(dirname(require.resolve('@simplewebauthn/browser')), '..')
  const bundle = readFileSync(join(browserPackage, 'dist/bundle/index.umd.min.js'), 'utf8')
  const glue = readFileSync(projectFile('src/http/assets/passkey-glue.js'), 'utf8')
  return `${bundle}\n${glue}`
}

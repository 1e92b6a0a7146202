/**
 * `npm run check:scim [-- SUITES_DIR]`: runs Okta's and Microsoft's SCIM test collections (Postman, with
 * newman fetched by npx) against a real server and prints passed/total per collection and every failed
 * assertion. The collections are third-party files outside this repository (default
 * ../shared/scim-suites); the project's own tests never read them.
 *
 * Okta's collection needs an existing user (ISVUserid) and creates users in atko.com, so that
 * organization verifies atko.com. Microsoft's expects an empty server and non-email userNames.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { startSCIMServer, type SCIMOrganization } from './lib/scim-server.ts'

const run = promisify(execFile)
const suites = resolve(
  process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'scim-suites'),
)

interface NewmanFailure {
  readonly source?: { name?: string }
  readonly error?: { test?: string; message?: string }
}
interface NewmanReport {
  readonly run: {
    readonly stats: {
      readonly requests: { total: number; failed: number }
      readonly assertions: { total: number; failed: number }
    }
    readonly failures: readonly NewmanFailure[]
  }
}

/**
 * Microsoft's collection with each non-email userName it uses made an address in `domain`, in the
 * requests and in the checks, and a fresh UUID where it meant one: what is left failing is not the
 * userName rule (SPEC §5).
 */
function adaptedMicrosoftCollection(domain: string): string {
  const names = ['UserName123', 'UserName222', 'UserName333', 'UserName444', 'UserName111']
  names.push('UserNameReplace2', 'ryan3', 'OMalley', 'emp1', 'emp2', 'emp3', 'enterprise')
  names.push('newusername')
  const text = readFileSync(join(suites, 'azure-scimreferencecode.postman_collection.json'), 'utf8')
  const pattern = new RegExp(`(\\\\?")(${names.join('|')})(\\\\?")`, 'g')
  const out = mkdtempSync(join(tmpdir(), 'scim-adapted-'))
  const path = join(out, 'azure-adapted.postman_collection.json')
  // `${__UUID}` is a JMeter placeholder newman sends literally; Postman's own is {{$guid}}.
  const adapted = text.replace(pattern, `$1$2@${domain}$3`).replaceAll('${__UUID}', '{{$guid}}')
  writeFileSync(path, adapted)
  return path
}

async function newman(collection: string, vars: Record<string, string>, extra: string[] = []) {
  const out = mkdtempSync(join(tmpdir(), 'newman-'))
  const report = join(out, 'report.json')
  const file = collection.startsWith('/') ? collection : join(suites, collection)
  const args = ['--yes', 'newman@6', 'run', file, '--reporters', 'json']
  args.push('--reporter-json-export', report, ...extra)
  for (const [key, value] of Object.entries(vars)) args.push('--env-var', `${key}=${value}`)
  try {
    await run('npx', args, { maxBuffer: 64 * 1024 * 1024 })
  } catch {
    // newman exits 1 when an assertion fails; the report says which
  }
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as NewmanReport
  rmSync(out, { recursive: true, force: true })
  return parsed.run
}

function print(title: string, result: NewmanReport['run']): void {
  const { assertions, requests } = result.stats
  console.log(`\n${title}`)
  console.log(`  requests:   ${requests.total}`)
  console.log(`  assertions: ${assertions.total - assertions.failed}/${assertions.total} passed`)
  for (const failure of result.failures) {
    const message = (failure.error?.message ?? '').replace(/\s+/g, ' ').slice(0, 160)
    console.log(`  ✗ ${failure.source?.name ?? '?'} — ${failure.error?.test ?? ''}: ${message}`)
  }
}

async function scim(org: SCIMOrganization, method: string, path: string, body?: unknown) {
  const response = await fetch(`${org.scimBaseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${org.scimToken}`,
      'content-type': 'application/scim+json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return (await response.json()) as Record<string, unknown>
}

const server = await startSCIMServer([['atko.com'], ['example.com'], ['example.org']])
try {
  const [okta, microsoft, adapted] = server.orgs
  if (okta === undefined || microsoft === undefined || adapted === undefined) {
    throw new Error('set-up failed')
  }
  const isv = await scim(okta, 'POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'isv.user@atko.com',
    name: { givenName: 'Isv', familyName: 'User' },
    emails: [{ value: 'isv.user@atko.com', type: 'work', primary: true }],
    active: true,
  })
  const oktaRun = await newman('okta-scim20-spec-test.postman_collection.json', {
    SCIMBaseURL: okta.scimBaseUrl,
    auth: `Bearer ${okta.scimToken}`,
    ISVUserid: String(isv['id']),
  })
  print('Okta SCIM 2.0 SPEC Test (okta-scim20-spec-test.postman_collection.json)', oktaRun)
  const folders = [
    'Endpoint tests',
    'User tests',
    'Group tests',
    'ComplexAttribute tests',
    'User tests with garbage',
    'Group tests with garbage',
    'Teardown garbage',
  ].flatMap((f) => ['--folder', f])
  const microsoftVars = (org: SCIMOrganization) => {
    const url = new URL(org.scimBaseUrl)
    return {
      Protocol: url.protocol.replace(':', ''),
      Server: url.hostname,
      Port: `:${url.port}`,
      Api: url.pathname.slice(1),
      token: org.scimToken,
    }
  }
  const microsoftRun = await newman(
    'azure-scimreferencecode.postman_collection.json',
    microsoftVars(microsoft),
    folders,
  )
  print(
    'Microsoft SCIMReferenceCode (azure-scimreferencecode.postman_collection.json)',
    microsoftRun,
  )
  const adaptedRun = await newman(
    adaptedMicrosoftCollection('example.org'),
    microsoftVars(adapted),
    folders,
  )
  print('Microsoft SCIMReferenceCode, its userNames made emails in a verified domain', adaptedRun)
} finally {
  await server.stop()
}

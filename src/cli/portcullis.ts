/**
 * The operator command-line tool (SPEC §7). Each command prints exactly one JSON object on stdout.
 * Exit codes: 0 success; 2 bad arguments or rejected input (nothing written); 1 anything else.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { OPERATOR_CLI } from '../audit/audit-event.ts'
import { describeToken, validateTokenName } from '../api-tokens/api-token.ts'
import { ConfigError, loadConfig } from '../config/load.ts'
import { AppError, isAppError } from '../errors/app-error.ts'
import { openApp, type App } from '../main.ts'
import {
  validateClientName,
  validateIdTokenAlg,
  validateInitiateLoginUri,
  validateRedirectUris,
} from '../oidc/oidc-client.ts'
import { validateOrganizationName } from '../orgs/organization.ts'
import { canonicalizeEmail } from '../users/email.ts'
import { SSO_OVERRIDES, type SSOOverride } from '../users/user.ts'
import { KEY_PURPOSES, type KeyPurpose } from '../oidc/signing-key.ts'

export const USAGE = `usage: portcullis <command> [options]

commands:
  migrate                                         bring the database schema up to date
  org create --name NAME --admin-email EMAIL      create an organization and its owner
  client create --name NAME --redirect-uri URI [--redirect-uri URI ...]
                [--post-logout-redirect-uri URI ...] [--initiate-login-uri URI]
                [--id-token-alg RS256|ES256|EdDSA] [--secret]
                                                  register a console application (OIDC client)
  token create --org ORG_ID --name NAME           mint an Admin API token for an organization
  token list --org ORG_ID                         its Admin API tokens (never the secrets)
  token revoke --org ORG_ID --id TOKEN_ID         revoke one: 401 from now on, on every instance
  user sso --org ORG_ID --email EMAIL --mode disabled|enabled|none
                                                  break-glass: set how one user signs in
  user invite --org ORG_ID --email EMAIL          a new invitation link for a user who has not
                                                  accepted one (earlier links stop working)
  keys rotate [--purpose oidc|oidc-es256|oidc-eddsa|saml]               new signing key (ID tokens, or the SAML SP key);
                                                  the old one stays published until retired
  keys retire [--purpose …]                        stop publishing keys that no longer sign

Every command prints one JSON object on stdout. Configuration comes from the same
environment variables as the server (DATABASE_URL, PUBLIC_URL, ...).`

export interface CLIIO {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
}

type Options = NonNullable<ParseArgsConfig['options']>

interface Command {
  readonly options: Options
  readonly required: readonly string[]
  /** Pure validation of the arguments, before the database is opened (so bad input writes nothing). */
  readonly check: (values: Values) => void
  readonly run: (app: App, values: Values) => Promise<object>
}

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>

const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  [
    'migrate',
    {
      options: {},
      required: [],
      check: () => {},
      // openApp has already migrated; report what that run applied.
      run: async (app) => ({ applied: app.migrations.applied }),
    },
  ],
  [
    'org create',
    {
      options: { name: { type: 'string' }, 'admin-email': { type: 'string' } },
      required: ['name', 'admin-email'],
      check: (v) => {
        validateOrganizationName(v['name'])
        canonicalizeEmail(v['admin-email'])
      },
      run: (app, v) =>
        app.services.orgs.createOrganization(
          { name: v['name'], adminEmail: v['admin-email'] },
          OPERATOR_CLI,
        ),
    },
  ],
  [
    'client create',
    {
      options: {
        name: { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        'post-logout-redirect-uri': { type: 'string', multiple: true },
        'initiate-login-uri': { type: 'string' },
        'id-token-alg': { type: 'string' },
        secret: { type: 'boolean' },
      },
      required: ['name', 'redirect-uri'],
      check: (v) => {
        validateClientName(v['name'])
        validateRedirectUris(asList(v['redirect-uri']))
        validateRedirectUris(asList(v['post-logout-redirect-uri']), true)
        validateInitiateLoginUri(v['initiate-login-uri'])
        validateIdTokenAlg(v['id-token-alg'])
      },
      run: (app, v) =>
        app.services.clients.createClient(
          {
            name: v['name'],
            redirectUris: asList(v['redirect-uri']),
            postLogoutRedirectUris: asList(v['post-logout-redirect-uri']),
            initiateLoginUri: v['initiate-login-uri'],
            idTokenAlg: v['id-token-alg'],
            confidential: v['secret'] === true,
          },
          OPERATOR_CLI,
        ),
    },
  ],
  [
    'user sso',
    {
      options: { org: { type: 'string' }, email: { type: 'string' }, mode: { type: 'string' } },
      required: ['org', 'email', 'mode'],
      check: (v) => {
        canonicalizeEmail(v['email'])
        if (!(SSO_OVERRIDES as readonly unknown[]).includes(v['mode'])) {
          throw new UsageError(`--mode must be one of ${SSO_OVERRIDES.join(', ')}`)
        }
      },
      // Break-glass (SPEC §4): the operator can always turn SSO off for a user.
      run: async (app, v) => {
        const orgId = String(v['org'])
        const user = await app.services.users.findUserByEmail(orgId, v['email'])
        const changed = await app.services.users.setSSOOverride(
          orgId,
          user.id,
          // The operator's break-glass warns nobody: the owner's way in is still protected.
          { mode: v['mode'] as SSOOverride, confirm: true, acknowledgeLockoutRisk: true },
          OPERATOR_CLI,
        )
        return { userId: changed.id, email: changed.email, ssoOverride: changed.ssoOverride }
      },
    },
  ],
  [
    'user invite',
    {
      options: { org: { type: 'string' }, email: { type: 'string' } },
      required: ['org', 'email'],
      check: (v) => {
        canonicalizeEmail(v['email'])
      },
      run: async (app, v) => {
        const orgId = String(v['org'])
        const user = await app.services.users.findUserByEmail(orgId, v['email'])
        const issued = await app.services.invitations.reissueInvitation(
          orgId,
          user.id,
          OPERATOR_CLI,
        )
        return {
          userId: issued.user.id,
          inviteUrl: issued.inviteUrl,
          expiresAt: new Date(issued.expiresAt).toISOString(),
        }
      },
    },
  ],
  [
    'keys rotate',
    {
      options: { purpose: { type: 'string' } },
      required: [],
      check: (v) => purposeOf(v),
      run: async (app, v) => ({
        purpose: purposeOf(v),
        kid: await app.services.keys.rotate(purposeOf(v)),
      }),
    },
  ],
  [
    'keys retire',
    {
      options: { purpose: { type: 'string' } },
      required: [],
      check: (v) => purposeOf(v),
      run: async (app, v) => ({
        purpose: purposeOf(v),
        retired: await app.services.keys.retire(purposeOf(v)),
      }),
    },
  ],
  [
    'token create',
    {
      options: { org: { type: 'string' }, name: { type: 'string' } },
      required: ['org', 'name'],
      check: (v) => {
        validateTokenName(v['name'])
      },
      run: async (app, v) => {
        const orgId = typeof v['org'] === 'string' ? v['org'].trim() : ''
        const { secret } = await app.services.apiTokens.create(orgId, v['name'], OPERATOR_CLI)
        return { token: secret }
      },
    },
  ],
  [
    'token list',
    {
      options: { org: { type: 'string' } },
      required: ['org'],
      check: () => {},
      run: async (app, v) => ({
        tokens: (await app.services.apiTokens.list(String(v['org']))).map(describeToken),
      }),
    },
  ],
  [
    'token revoke',
    {
      options: { org: { type: 'string' }, id: { type: 'string' } },
      required: ['org', 'id'],
      check: () => {},
      run: async (app, v) => ({
        token: describeToken(
          await app.services.apiTokens.revoke(String(v['org']), String(v['id']), OPERATOR_CLI),
        ),
      }),
    },
  ],
])

class UsageError extends Error {
  override readonly name = 'UsageError'
}

export async function runCLI(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CLIIO,
): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(`${USAGE}\n`)
    return argv.length === 0 ? 2 : 0
  }
  let command: Command
  let values: Values
  try {
    ;({ command, values } = parseCommand(argv))
    command.check(values)
  } catch (error) {
    return reportInputError(error, io)
  }

  let config
  try {
    config = loadConfig(env).config
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`portcullis: ${error.message}\n`)
      return 1
    }
    throw error
  }

  let app: App | undefined
  try {
    app = await openApp(config)
    const result = await command.run(app, values)
    io.stdout(`${JSON.stringify(result)}\n`)
    return 0
  } catch (error) {
    if (isAppError(error)) return reportInputError(error, io)
    io.stderr(`portcullis: ${(error as Error).message ?? String(error)}\n`)
    return 1
  } finally {
    await app?.close()
  }
}

function parseCommand(argv: readonly string[]): { command: Command; values: Values } {
  const [first = '', second = ''] = argv
  const twoWord = `${first} ${second}`
  const name = COMMANDS.has(twoWord) ? twoWord : first
  const command = COMMANDS.get(name)
  if (command === undefined) throw new UsageError(`unknown command "${argv.slice(0, 2).join(' ')}"`)
  const rest = argv.slice(name.split(' ').length)
  let parsed
  try {
    parsed = parseArgs({
      args: [...rest],
      options: command.options,
      strict: true,
      allowPositionals: false,
      tokens: true,
    })
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'invalid arguments')
  }
  const seen = new Set<string>()
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue
    if (seen.has(token.name) && command.options[token.name]?.multiple !== true) {
      throw new UsageError(`option --${token.name} given more than once`)
    }
    seen.add(token.name)
  }
  for (const option of command.required) {
    if (parsed.values[option] === undefined) throw new UsageError(`missing --${option}`)
  }
  return { command, values: parsed.values as Values }
}

/** `--purpose oidc` (ID tokens, the default) or `saml` (the SP's AuthnRequest signing key). */
function purposeOf(values: Values): KeyPurpose {
  const purpose = values['purpose'] ?? 'oidc'
  if (!(KEY_PURPOSES as readonly unknown[]).includes(purpose)) {
    throw new UsageError(`--purpose must be one of ${KEY_PURPOSES.join(', ')}`)
  }
  return purpose as KeyPurpose
}

function asList(value: Values[string]): string[] {
  if (Array.isArray(value)) return value
  return typeof value === 'string' ? [value] : []
}

function reportInputError(error: unknown, io: CLIIO): number {
  if (error instanceof UsageError) {
    io.stderr(`portcullis: ${error.message} (see portcullis --help)\n`)
    return 2
  }
  if (error instanceof AppError) {
    const reason =
      typeof error.details?.['reason'] === 'string' ? ` (${error.details['reason']})` : ''
    io.stderr(`portcullis: ${error.code}: ${error.message}${reason}\n`)
    return 2
  }
  throw error
}

/** Runs the CLI with this process's arguments, environment and streams. */
export async function runFromProcess(): Promise<void> {
  process.exitCode = await runCLI(process.argv.slice(2), process.env, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  })
}

if (import.meta.main) await runFromProcess()

/**
 * The operator command-line tool (SPEC §7). Each command prints exactly one JSON object on stdout.
 * Exit codes: 0 success; 2 bad arguments or rejected input (nothing written); 1 anything else.
 */
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../config/load.ts'
import { AppError, isAppError } from '../errors/app-error.ts'
import { openApp, type App } from '../main.ts'
import { VERSION } from '../platform/version.ts'
import { UsageError, type Command, type Values } from './command.ts'
import { CLIENT_COMMANDS } from './commands/client-commands.ts'
import { DOMAIN_COMMANDS } from './commands/domain-commands.ts'
import { ORG_COMMANDS } from './commands/org-commands.ts'
import { TOKEN_COMMANDS } from './commands/token-commands.ts'
import { UPKEEP_COMMANDS } from './commands/upkeep-commands.ts'
import { WEBHOOK_COMMANDS } from './commands/webhook-commands.ts'

const COMMANDS: ReadonlyMap<string, Command> = new Map([
  ...UPKEEP_COMMANDS,
  ...ORG_COMMANDS,
  ...CLIENT_COMMANDS,
  ...WEBHOOK_COMMANDS,
  ...DOMAIN_COMMANDS,
  ...TOKEN_COMMANDS,
])

export const USAGE = `usage: portcullis <command> [options]

commands:
${[...COMMANDS.values()].map((command) => `  ${command.usage}`).join('\n')}
  --version                                       this Portcullis's version

Every command prints one JSON object on stdout. Configuration comes from the same
environment variables as the server (DATABASE_URL, PUBLIC_URL, ...).`

export interface CLIIO {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
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
  if (argv[0] === '--version' || argv[0] === 'version') {
    io.stdout(`${JSON.stringify({ version: VERSION })}\n`)
    return 0
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
    const direct = command.direct?.(config, values)
    if (direct !== undefined) {
      io.stdout(`${JSON.stringify(await direct)}\n`)
      return 0
    }
    app = await openApp(config)
    const result = await command.run(app, values)
    io.stdout(`${JSON.stringify(result)}\n`)
    return 0
  } catch (error) {
    if (isAppError(error) || error instanceof UsageError) return reportInputError(error, io)
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

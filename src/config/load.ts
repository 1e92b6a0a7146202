/**
 * Reads configuration from the environment and an optional JSON file, validates every option and returns a
 * frozen Config. Every bad option is reported at once, each with its name (STYLE rules 16 and 26).
 */
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { isLoopbackHost } from '../platform/hosts.ts'
import { LOG_LEVELS, type LogLevel } from '../platform/log.ts'
import { parseBranding, type Branding } from './branding.ts'
import { OPTIONS, type OptionName } from './defaults.ts'

export const ENVIRONMENTS = ['production', 'development', 'test'] as const
export type Environment = (typeof ENVIRONMENTS)[number]

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'postgres'
      readonly url: string
      /** The URL without its password, safe to show in messages. */
      readonly displayUrl: string
      readonly poolSize: number
      readonly connectTimeoutMs: number
      readonly poolTimeoutMs: number
    }

export interface Config {
  readonly env: Environment
  readonly port: number
  readonly host: string
  readonly publicUrl: string
  readonly database: DatabaseConfig
  readonly dnsServers: readonly string[] | undefined
  readonly dnsTimeoutMs: number
  readonly domainRecord: { readonly recordLabel: string; readonly valuePrefix: string }
  readonly jobPollMs: number
  readonly jobLeaseMs: number
  readonly importBatchRows: number
  /** 0: one per core. */
  readonly passwordConcurrency: number
  readonly passwordQueue: number
  /** Argon2 slots and queue places one client source may hold; 0: the defaults. */
  readonly passwordSourceSlots: number
  readonly passwordSourceQueue: number
  /** IPv6 clients are throttled by their network of this many bits. */
  readonly ipv6Prefix: number
  /** Bearer token that reads /metrics; undefined: no /metrics. */
  readonly metricsToken: string | undefined
  readonly metadataAllowPrivate: boolean
  readonly webhookAllowPrivate: boolean
  readonly webhookTimeoutMs: number
  readonly logLevel: LogLevel
  readonly trustProxy: readonly string[] | undefined
  readonly bodyLimitBytes: number
  readonly inviteTtlMs: number
  /** Feature names of a new organization's plan (checked against the known ones at start). */
  readonly orgDefaultFeatures: readonly string[]
  readonly setupLinkTtlMs: number
  /** How long the event log keeps an event. */
  readonly eventRetentionMs: number
  /** The most clock skew a profile may allow. */
  readonly samlMaxClockSkewSeconds: number
  readonly sessionIdleMs: number
  readonly sessionAbsoluteMs: number
  /** Cookies carry Secure and the __Host- prefix: true unless PUBLIC_URL is plain http. */
  readonly secureCookies: boolean
  readonly shutdownTimeoutMs: number
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string }
  /** AES-256 key for secrets at rest, or undefined (plaintext). */
  readonly secretsKey: Buffer | undefined
  readonly branding: Branding
}

export interface LoadedConfig {
  readonly config: Config
  /** Unsafe settings tolerated because NODE_ENV=development; print them loudly. */
  readonly warnings: readonly string[]
  /** Settings that work for one instance but not for several; print them at start. */
  readonly advice: readonly string[]
}

/** Thrown when configuration is invalid; `problems` has one line per bad option, each naming it. */
export class ConfigError extends TypeError {
  readonly problems: readonly string[]
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

type Source = Readonly<Record<string, string | undefined>>

export function loadConfig(
  env: Source = process.env,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
  readBytes: (path: string) => Buffer = (path) => readFileSync(path),
): LoadedConfig {
  const problems: string[] = []
  const unsafe: string[] = []
  const source = mergeSources(env, readFile, problems)
  const get = (name: OptionName): string | undefined => {
    const value = source[name]
    return value === undefined || value.trim() === '' ? undefined : value.trim()
  }
  const defaultOf = (name: OptionName): string =>
    OPTIONS.find((o) => o.name === name)?.default ?? ''

  const envName = get('NODE_ENV') ?? defaultOf('NODE_ENV')
  const environment: Environment = (ENVIRONMENTS as readonly string[]).includes(envName)
    ? (envName as Environment)
    : (problems.push(`NODE_ENV: must be one of ${ENVIRONMENTS.join(', ')} (got "${envName}")`),
      'production')

  const int = (name: OptionName, min: number, max: number): number => {
    const text = get(name) ?? defaultOf(name)
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name}: must be a whole number from ${min} to ${max} (got "${text}")`)
      return min
    }
    return value
  }

  const port = int('PORT', 1, 65535)
  const host = get('HOST') ?? defaultOf('HOST')
  const publicUrl = parsePublicUrl(
    get('PUBLIC_URL') ?? `http://localhost:${port}`,
    problems,
    unsafe,
  )
  const poolSize = int('DATABASE_POOL_SIZE', 1, 1000)
  const connectTimeoutMs = int('DATABASE_CONNECT_TIMEOUT_SECONDS', 1, 600) * 1000
  const poolTimeoutMs = int('DATABASE_POOL_TIMEOUT_SECONDS', 1, 60) * 1000
  const database = parseDatabaseUrl(
    get('DATABASE_URL') ?? defaultOf('DATABASE_URL'),
    { poolSize, connectTimeoutMs, poolTimeoutMs },
    problems,
  )
  const logLevelText = get('LOG_LEVEL') ?? defaultOf('LOG_LEVEL')
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelText)
    ? (logLevelText as LogLevel)
    : (problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')} (got "${logLevelText}")`),
      'info')

  const config: Config = Object.freeze({
    env: environment,
    port,
    host,
    publicUrl,
    database: Object.freeze(database),
    dnsServers: parseDnsServers(get('DNS_SERVERS'), problems),
    dnsTimeoutMs: int('DNS_TIMEOUT_SECONDS', 1, 60) * 1000,
    domainRecord: Object.freeze({
      recordLabel: dnsLabel(
        'DOMAIN_TXT_LABEL',
        get('DOMAIN_TXT_LABEL') ?? defaultOf('DOMAIN_TXT_LABEL'),
        problems,
      ),
      valuePrefix: recordPrefix(
        get('DOMAIN_TXT_VALUE_PREFIX') ?? defaultOf('DOMAIN_TXT_VALUE_PREFIX'),
        problems,
      ),
    }),
    jobPollMs: int('JOB_POLL_SECONDS', 0, 86_400) * 1000,
    jobLeaseMs: int('JOB_LEASE_SECONDS', 3, 3600) * 1000,
    importBatchRows: int('IMPORT_BATCH_ROWS', 1, 5000),
    passwordConcurrency: int('PASSWORD_CONCURRENCY', 0, 256),
    passwordQueue: int('PASSWORD_QUEUE', 0, 100_000),
    passwordSourceSlots: int('PASSWORD_SOURCE_SLOTS', 0, 256),
    passwordSourceQueue: int('PASSWORD_SOURCE_QUEUE', 0, 100_000),
    ipv6Prefix: int('RATE_LIMIT_IPV6_PREFIX', 32, 128),
    metricsToken: parseMetricsToken(get('METRICS_TOKEN'), problems),
    metadataAllowPrivate: bool(
      'METADATA_ALLOW_PRIVATE_ADDRESSES',
      get('METADATA_ALLOW_PRIVATE_ADDRESSES') ?? 'false',
      problems,
    ),
    webhookAllowPrivate: bool(
      'WEBHOOK_ALLOW_PRIVATE_ADDRESSES',
      get('WEBHOOK_ALLOW_PRIVATE_ADDRESSES') ?? 'false',
      problems,
    ),
    webhookTimeoutMs: int('WEBHOOK_TIMEOUT_SECONDS', 1, 60) * 1000,
    logLevel,
    trustProxy: parseTrustProxy(get('TRUST_PROXY'), problems),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024, 100 * 1024 * 1024),
    inviteTtlMs: int('INVITE_TTL_SECONDS', 60, 90 * 24 * 3600) * 1000,
    orgDefaultFeatures: Object.freeze(
      (get('ORG_DEFAULT_FEATURES') ?? defaultOf('ORG_DEFAULT_FEATURES'))
        .split(',')
        .map((feature) => feature.trim())
        .filter((feature) => feature !== ''),
    ),
    setupLinkTtlMs: int('SETUP_LINK_TTL_SECONDS', 60, 3600) * 1000,
    eventRetentionMs: int('EVENT_RETENTION_DAYS', 1, 3650) * 24 * 3600_000,
    samlMaxClockSkewSeconds: int('SAML_MAX_CLOCK_SKEW_SECONDS', 0, 300),
    sessionIdleMs: int('SESSION_IDLE_TIMEOUT_SECONDS', 60, 30 * 24 * 3600) * 1000,
    sessionAbsoluteMs: int('SESSION_ABSOLUTE_TIMEOUT_SECONDS', 60, 90 * 24 * 3600) * 1000,
    secureCookies: publicUrl.startsWith('https:'),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_SECONDS', 0, 3600) * 1000,
    mail: Object.freeze({
      smtpUrl: parseSmtpUrl(get('SMTP_URL'), problems),
      from: get('MAIL_FROM') ?? defaultOf('MAIL_FROM'),
    }),
    secretsKey: parseSecretsKey(get('SECRETS_KEY'), problems),
    branding: Object.freeze(
      parseBranding(
        {
          productName: get('PRODUCT_NAME') ?? defaultOf('PRODUCT_NAME'),
          accentColor: get('BRAND_ACCENT_COLOR') ?? defaultOf('BRAND_ACCENT_COLOR'),
          logoFile: get('BRAND_LOGO_FILE'),
          supportContact: get('SUPPORT_CONTACT'),
          consoleUrl: get('CONSOLE_URL'),
        },
        readBytes,
        problems,
      ),
    ),
  })

  if (environment !== 'development') problems.push(...unsafe)
  if (problems.length > 0) throw new ConfigError(problems)
  const advice: string[] = []
  if (database.kind === 'postgres' && get('PUBLIC_URL') === undefined) {
    advice.push(
      `PUBLIC_URL is not set, so this instance calls itself ${publicUrl}. With PostgreSQL you may run several instances: give every one the same PUBLIC_URL (the URL browsers and IdPs use), or tokens issued by one will not verify at another.`,
    )
  }
  return { config, warnings: environment === 'development' ? unsafe : [], advice }
}

function mergeSources(env: Source, readFile: (path: string) => string, problems: string[]): Source {
  const path = env['CONFIG_FILE']?.trim()
  if (!path) return env
  let parsed: unknown
  try {
    parsed = JSON.parse(readFile(path))
  } catch (error) {
    problems.push(`CONFIG_FILE: cannot read JSON from "${path}": ${(error as Error).message}`)
    return env
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`CONFIG_FILE: "${path}" must hold a JSON object`)
    return env
  }
  const known = new Set<string>(OPTIONS.map((o) => o.name))
  const fromFile: Record<string, string> = { __proto__: null } as unknown as Record<string, string>
  for (const [key, value] of Object.entries(parsed)) {
    if (!known.has(key) || key === 'CONFIG_FILE') {
      problems.push(`CONFIG_FILE: unknown option "${key}" in "${path}"`)
    } else if (typeof value === 'string' || typeof value === 'number') {
      fromFile[key] = String(value)
    } else {
      problems.push(`${key}: in "${path}" must be a string or a number`)
    }
  }
  return { ...fromFile, ...definedOnly(env) }
}

function definedOnly(env: Source): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value
  return out
}

function parsePublicUrl(text: string, problems: string[], unsafe: string[]): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    problems.push(`PUBLIC_URL: not an absolute URL (got "${text}")`)
    return text
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`PUBLIC_URL: must use http or https (got "${url.protocol}")`)
  }
  if (url.search || url.hash || url.username || url.password) {
    problems.push('PUBLIC_URL: must not contain credentials, a query or a fragment')
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    unsafe.push(
      `PUBLIC_URL: plain http on a non-loopback host (${url.host}) exposes sessions and SAML responses; use https`,
    )
  }
  return url.href.replace(/\/+$/, '')
}

function parseDatabaseUrl(
  text: string,
  pool: { poolSize: number; connectTimeoutMs: number; poolTimeoutMs: number },
  problems: string[],
): DatabaseConfig {
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
    if (path === '')
      problems.push('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/portcullis.sqlite')
    return { kind: 'sqlite', path }
  }
  if (text.startsWith('postgres://') || text.startsWith('postgresql://')) {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      problems.push(
        'DATABASE_URL: malformed PostgreSQL URL (expected postgres://user:pass@host:port/db)',
      )
      return { kind: 'postgres', url: text, displayUrl: 'postgres://?', ...pool }
    }
    const displayUrl = `postgres://${url.username ? `${url.username}@` : ''}${url.host}${url.pathname}`
    if (!url.hostname && !url.searchParams.get('host')) {
      problems.push(`DATABASE_URL: PostgreSQL URL has no host (${displayUrl})`)
    }
    if (url.pathname.length <= 1) {
      problems.push(`DATABASE_URL: PostgreSQL URL has no database name (${displayUrl})`)
    }
    return { kind: 'postgres', url: text, displayUrl, ...pool }
  }
  problems.push(
    'DATABASE_URL: must start with sqlite: or postgres:// (got a value of another scheme)',
  )
  return { kind: 'sqlite', path: '' }
}

function parseSmtpUrl(text: string | undefined, problems: string[]): string | undefined {
  if (text === undefined) return undefined
  try {
    const url = new URL(text)
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new TypeError('scheme')
  } catch {
    problems.push('SMTP_URL: must be smtp://… or smtps://… (user, password, host, port)')
  }
  return text
}

function bool(name: OptionName, text: string, problems: string[]): boolean {
  if (text !== 'true' && text !== 'false')
    problems.push(`${name}: must be true or false (got "${text}")`)
  return text === 'true'
}

function dnsLabel(name: OptionName, text: string, problems: string[]): string {
  if (!/^_?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(text)) {
    problems.push(`${name}: must be one DNS label such as _portcullis (got "${text}")`)
  }
  return text.toLowerCase()
}

function recordPrefix(text: string, problems: string[]): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(text)) {
    problems.push(
      `DOMAIN_TXT_VALUE_PREFIX: letters, digits, dot, dash or underscore (got "${text}")`,
    )
  }
  return text
}

function parseDnsServers(text: string | undefined, problems: string[]): string[] | undefined {
  if (text === undefined) return undefined
  const servers = text.split(',').map((s) => s.trim())
  for (const server of servers) {
    const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$/.exec(server)
    const address = match?.[1] ?? match?.[2]
    const port = match?.[3] === undefined ? 53 : Number(match[3])
    if (!address || isIP(address) === 0 || port < 1 || port > 65535) {
      problems.push(
        `DNS_SERVERS: "${server}" is not an IP address with an optional port (e.g. 127.0.0.1:5353)`,
      )
    }
  }
  return servers
}

function parseTrustProxy(text: string | undefined, problems: string[]): string[] | undefined {
  if (text === undefined) return undefined
  const entries = text.split(',').map((s) => s.trim())
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/')
    const family = isIP(address ?? '')
    const maxBits = family === 6 ? 128 : 32
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits)
    if (family === 0 || !validBits || extra !== undefined) {
      problems.push(`TRUST_PROXY: "${entry}" is not an IP address or CIDR range`)
    }
  }
  return entries
}

function parseSecretsKey(value: string | undefined, problems: string[]): Buffer | undefined {
  if (value === undefined) return undefined
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : undefined
  if (key?.length === 32) return key
  problems.push('SECRETS_KEY: must be 32 bytes in base64 (openssl rand -base64 32)')
  return undefined
}

function parseMetricsToken(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined
  if (value.length < 32 || !/^[\x21-\x7e]+$/.test(value)) {
    problems.push('METRICS_TOKEN: at least 32 printable characters, no spaces')
    return undefined
  }
  return value
}

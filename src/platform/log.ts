/**
 * Structured JSON logs (pino, the logger Fastify is built around) with secrets redacted at the source:
 * credentials never reach a log line, whatever a caller passes (STYLE rule 22).
 */
import { pino, type Logger, type LoggerOptions } from 'pino'

export type { Logger }

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Paths whose values are replaced by "[redacted]" wherever they appear in a log object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.code_verifier',
  '*.SAMLResponse',
  'password',
  'token',
  'secret',
  'clientSecret',
  'inviteUrl',
  '*.inviteUrl',
  'databaseUrl',
  '*.databaseUrl',
  'smtpUrl',
  '*.smtpUrl',
  'metricsToken',
  '*.metricsToken',
]

/** Path segments and query parameters that carry secrets in URLs. */
const SECRET_PATH = /^(\/(?:invite|reset)\/)[^/?#]+/
const SECRET_QUERY =
  /([?&](?:id_token_hint|code|code_verifier|token|ticket|client_secret|SAMLResponse|SAMLRequest|Signature)=)[^&#]*/gi

/** A URL as it may appear in a log line: invitation tokens and secret parameters replaced. */
export function redactURL(url: string): string {
  return url.replace(SECRET_PATH, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]')
}

interface LoggedRequest {
  method?: string
  url?: string
  host?: string
  ip?: string
  socket?: { remotePort?: number }
}

export function logOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service: 'portcullis' },
    serializers: {
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactURL(request.url ?? ''),
        host: request.host,
        remoteAddress: request.ip,
      }),
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  }
}

export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  return destination ? pino(logOptions(level), destination) : pino(logOptions(level))
}

/** `npm start`: load config, start the server, stop gracefully on SIGTERM/SIGINT. */
import { ConfigError, loadConfig } from './config/load.ts'
import { createLogger } from './platform/log.ts'
import { startServer } from './main.ts'

async function start(): Promise<void> {
  let loaded
  try {
    loaded = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`portcullis: ${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
  const { config, warnings, advice } = loaded
  const logger = createLogger(config.logLevel)
  for (const warning of warnings) logger.warn({ unsafe: true }, `UNSAFE SETTING: ${warning}`)
  for (const line of advice) logger.warn(line)
  if (config.secretsKey === undefined && config.env !== 'development') {
    logger.warn('SECRETS_KEY is not set: signing private keys are stored in plaintext')
  }
  let server
  try {
    server = await startServer(config, logger)
  } catch (error) {
    logger.fatal({ err: error }, (error as Error).message)
    process.stderr.write(`portcullis: ${(error as Error).message}\n`)
    process.exit(1)
  }
  logger.info(
    { url: server.url, publicUrl: config.publicUrl, database: config.database.kind },
    'portcullis listening',
  )
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down')
    // Whatever a request or a job is doing, the process is gone shortly after the drain timeout.
    setTimeout(() => {
      logger.error('shutdown did not complete in time; exiting')
      process.exit(1)
    }, config.shutdownTimeoutMs + 5000).unref()
    server.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

await start()

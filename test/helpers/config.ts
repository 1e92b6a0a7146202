/** Builds a validated Config for tests through the real loader, so tests run what production runs. */
import { loadConfig, type Config } from '../../src/config/load.ts'
import { startServer, type RunningServer } from '../../src/main.ts'
import type { Clock } from '../../src/platform/clock.ts'
import { createLogger } from '../../src/platform/log.ts'
import { freePort } from './processes.ts'

export function testConfig(
  databaseUrl: string,
  overrides: Readonly<Record<string, string>> = {},
): Config {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '3000',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    ...overrides,
  }).config
}

/** A real server on a free loopback port (its PUBLIC_URL), on `databaseUrl`, silent. */
export async function startTestServer(
  databaseUrl: string,
  overrides: Readonly<Record<string, string>> = {},
  clock?: Clock,
): Promise<RunningServer> {
  const port = await freePort()
  return startServer(
    testConfig(databaseUrl, {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...overrides,
      // `{port}` in an override's PUBLIC_URL (e.g. http://localhost:{port}: WebAuthn needs a host name).
      ...(overrides['PUBLIC_URL'] === undefined
        ? {}
        : { PUBLIC_URL: overrides['PUBLIC_URL'].replace('{port}', String(port)) }),
    }),
    createLogger('silent'),
    clock === undefined ? {} : { clock },
  )
}

/** Builds a validated Config for tests through the real loader, so tests run what production runs. */
import { loadConfig, type Config } from '../../src/config/load.ts'

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

/**
 * A PostgreSQL cluster of a test's own (the project's script, on a free loopback port), for fault tests
 * that stop the server or run it out of connections without disturbing the suite's shared cluster.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { ROOT } from './processes.ts'

const run = promisify(execFile)
const SCRIPT = 'scripts/pg-test-cluster.sh'

export interface PrivateCluster {
  /** A DATABASE_URL for its `postgres` database. */
  readonly url: string
  /** Stops the server (fast shutdown), keeping the data. */
  pause(): Promise<void>
  resume(): Promise<void>
  stop(): Promise<void>
}

export async function startPrivateCluster(
  options: { maxConnections?: number } = {},
): Promise<PrivateCluster> {
  const { stdout } = await run('bash', [SCRIPT, 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PG_MAX_CONNECTIONS: String(options.maxConnections ?? 300),
    },
  })
  const url = /PORTCULLIS_TEST_PG_URL=(\S+)/.exec(stdout)?.[1] ?? ''
  const dir = /PORTCULLIS_TEST_PG_DIR=(\S+)/.exec(stdout)?.[1] ?? ''
  const script = async (command: string) => {
    await run('bash', [SCRIPT, command, dir], { cwd: ROOT })
  }
  return {
    url,
    pause: () => script('pause'),
    resume: () => script('resume'),
    stop: () => script('stop'),
  }
}

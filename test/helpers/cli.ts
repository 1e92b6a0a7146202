/**
 * The operator CLI run in the test's own process: `runCLI`, the function `bin/portcullis.mjs` calls with
 * the process's arguments, environment and streams, given them directly. A spawned process costs most of
 * a second to start on two cores (issue 29: the CLI tests spent their time starting processes); each
 * CLI test file still runs the real `bin` where the process itself is what is tested (its exit code,
 * its streams).
 */
import { runCLI } from '../../src/cli/portcullis.ts'
import type { ProcessResult } from './processes.ts'

export async function runCLIInProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<ProcessResult> {
  let stdout = ''
  let stderr = ''
  const code = await runCLI(
    args,
    { LOG_LEVEL: 'silent', ...env },
    { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) },
  )
  return { code, stdout, stderr }
}

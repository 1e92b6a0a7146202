#!/usr/bin/env node
// Launches the operator CLI on the Node.js 24 that the project pins (node_modules/.bin/node),
// even when an older `node` comes first on PATH.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'src', 'cli', 'portcullis.ts')
const major = Number(process.versions.node.split('.')[0])

if (major >= 24) {
  const { runFromProcess } = await import(cli)
  await runFromProcess()
} else {
  const pinned = join(root, 'node_modules', '.bin', 'node')
  const result = spawnSync(pinned, [cli, ...process.argv.slice(2)], { stdio: 'inherit' })
  if (result.error) {
    process.stderr.write(`portcullis: cannot run Node.js 24 at ${pinned}: run "npm ci" first\n`)
    process.exit(1)
  }
  process.exit(result.status ?? 1)
}

/**
 * `npm run docs:openapi`: writes docs/openapi.json, the Admin API's OpenAPI document as the server
 * generates it (servers: http://localhost:3000). A test keeps the file in sync with the code.
 */
import { writeFileSync } from 'node:fs'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../src/config/load.ts'
import { buildServer } from '../src/http/server.ts'
import { openApp } from '../src/main.ts'
import { createLogger } from '../src/platform/log.ts'

export async function generateOpenAPI(): Promise<string> {
  const path = join(tmpdir(), `portcullis-openapi-${process.pid}.sqlite`)
  const { config } = loadConfig({ DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: 'silent' })
  const app = await openApp(config)
  try {
    const http = await buildServer({
      config,
      logger: createLogger('silent'),
      health: { ping: async () => {}, isDraining: () => false },
      services: app.services,
    })
    await http.ready()
    const document = JSON.stringify(http.swagger(), null, 2) + '\n'
    await http.close()
    return document
  } finally {
    await app.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
  }
}

if (import.meta.main) {
  writeFileSync(new URL('../docs/openapi.json', import.meta.url), await generateOpenAPI())
}

/**
 * A real Portcullis process on a fresh SQLite file, for the SCIM validators and benchmark: organizations
 * set up through the real services and Admin API, their domains verified over DNS against the test DNS
 * server (the same double the tests use), and a SCIM token each.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/config/load.ts'
import { openApp } from '../../src/main.ts'
import { TestDNSServer } from '../../test/helpers/dns-server.ts'
import { freePort, startServerProcess, type ServerProcess } from '../../test/helpers/processes.ts'

export interface SCIMOrganization {
  readonly orgId: string
  readonly adminToken: string
  readonly scimToken: string
  /** `PUBLIC_URL/scim/v2/{orgId}` */
  readonly scimBaseUrl: string
}

export interface SCIMServer {
  readonly url: string
  readonly process: ServerProcess
  readonly orgs: readonly SCIMOrganization[]
  stop(): Promise<void>
}

const OPERATOR = { type: 'operator', id: 'scim-check' } as const

/** Starts the server with one organization per entry of `domains` (each verifies its domains). */
export async function startSCIMServer(
  domains: readonly (readonly string[])[],
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<SCIMServer> {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-scim-'))
  const dns = new TestDNSServer()
  const port = await freePort()
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${join(dir, 'portcullis.sqlite')}`,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    DNS_SERVERS: await dns.start(),
    LOG_LEVEL: 'warn',
    ...extraEnv,
  }
  const setup = await openApp(loadConfig(env).config)
  const made: { orgId: string; ownerId: string; adminToken: string; names: readonly string[] }[] =
    []
  try {
    for (const [index, names] of domains.entries()) {
      const org = await setup.services.orgs.createOrganization(
        { name: `SCIM check ${index + 1}`, adminEmail: `owner@${names[0] ?? 'example.test'}` },
        OPERATOR,
      )
      const { secret: token } = await setup.services.apiTokens.create(
        org.organizationId,
        'scim-check',
        OPERATOR,
      )
      made.push({ orgId: org.organizationId, ownerId: org.adminUserId, adminToken: token, names })
    }
  } finally {
    await setup.close()
  }
  const server = await startServerProcess(env)
  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await response.json()) as Record<string, unknown>
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
    return json
  }
  const orgs: SCIMOrganization[] = []
  for (const { orgId, ownerId, adminToken, names } of made) {
    // The owner is a user like the others, and clients expect users to have names.
    await api(adminToken, 'PATCH', `/api/v1/orgs/${orgId}/users/${ownerId}`, {
      givenName: 'Org',
      familyName: 'Owner',
    })
    for (const name of names) {
      const domain = (await api(adminToken, 'POST', `/api/v1/orgs/${orgId}/domains`, { name })) as {
        id: string
        verification: { name: string; value: string }
      }
      dns.setTXT(domain.verification.name, [domain.verification.value])
      await api(adminToken, 'POST', `/api/v1/orgs/${orgId}/domains/${domain.id}/verify`)
    }
    const token = await api(adminToken, 'POST', `/api/v1/orgs/${orgId}/scim-tokens`, {
      name: 'scim-check',
    })
    orgs.push({
      orgId,
      adminToken,
      scimToken: String(token['secret']),
      scimBaseUrl: String(token['scimBaseUrl']),
    })
  }
  return {
    url: server.url,
    process: server,
    orgs,
    stop: async () => {
      await server.stop()
      await dns.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

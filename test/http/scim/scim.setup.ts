/**
 * Fixtures for SCIM tests: the Admin fixture (a real server, two organizations), each organization with
 * a verified domain and a SCIM token made through the Admin API, and a SCIM client.
 */
import assert from 'node:assert/strict'
import type { Engine } from '../../../src/storage/database.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { setupAdmin, verifyDomain, type AdminFixture, type AdminOrg } from '../admin/admin.setup.ts'

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

export interface SCIMResult {
  readonly status: number
  readonly headers: Headers
  readonly json: Record<string, unknown>
  readonly text: string
}

export interface SCIMOrg extends AdminOrg {
  /** The organization's verified domain, e.g. `orga.test`. */
  readonly domain: string
  readonly scimToken: string
  readonly base: string
}

export interface SCIMFixture {
  readonly f: AdminFixture
  readonly a: SCIMOrg
  readonly b: SCIMOrg
  /** A SCIM request with `org`'s token (or `token` when given) and `application/scim+json`. */
  scim(
    org: SCIMOrg,
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<SCIMResult>
  /** POSTs a minimal User and returns its id. */
  createUser(org: SCIMOrg, local: string, extra?: Record<string, unknown>): Promise<string>
  close(): Promise<void>
}

export async function setupSCIM(engine: Engine): Promise<SCIMFixture> {
  const dns = new TestDNSServer()
  const f = await setupAdmin(engine, { config: { DNS_SERVERS: await dns.start() } })
  const prepare = async (org: AdminOrg, domain: string): Promise<SCIMOrg> => {
    await verifyDomain(f, dns, org, domain)
    const made = await f.api(org.token, 'POST', `/api/v1/orgs/${org.orgId}/scim-tokens`, {
      name: 'Entra ID',
    })
    assert.equal(made.status, 201, JSON.stringify(made.json))
    const base = new URL(String(made.json['scimBaseUrl'])).pathname
    return { ...org, domain, scimToken: String(made.json['secret']), base }
  }
  const a = await prepare(f.a, 'orga.test')
  const b = await prepare(f.b, 'orgb.test')
  const scim: SCIMFixture['scim'] = async (org, method, path, body, options = {}) => {
    const token = options.token === undefined ? org.scimToken : options.token
    const response = await fetch(`${f.url}${org.base}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        ...options.headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await response.text()
    let json: Record<string, unknown> = {}
    try {
      json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
    } catch {
      // left empty: the test looks at `text`
    }
    return { status: response.status, headers: response.headers, json, text }
  }
  return {
    f,
    a,
    b,
    scim,
    createUser: async (org, local, extra = {}) => {
      const made = await scim(org, 'POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: `${local}@${org.domain}`,
        ...extra,
      })
      assert.equal(made.status, 201, made.text)
      return String(made.json['id'])
    },
    close: async () => {
      await f.close()
      await dns.stop()
    },
  }
}

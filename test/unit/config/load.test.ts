/** Configuration loading: defaults, one clear message per bad option, unsafe settings, the config file. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig } from '../../../src/config/load.ts'

function problemsOf(env: Record<string, string>, files: Record<string, string> = {}): string[] {
  try {
    loadConfig(env, (path) => {
      const text = files[path]
      if (text === undefined) throw new Error('ENOENT: no such file')
      return text
    })
  } catch (error) {
    assert.ok(error instanceof ConfigError)
    return [...error.problems]
  }
  return []
}

describe('config: loadConfig', () => {
  it('starts on SQLite under ./data on port 3000 with nothing set', () => {
    const { config, warnings } = loadConfig({})
    assert.equal(config.port, 3000)
    assert.equal(config.publicUrl, 'http://localhost:3000')
    assert.deepEqual(config.database, { kind: 'sqlite', path: './data/portcullis.sqlite' })
    assert.equal(config.env, 'production')
    assert.deepEqual(warnings, [])
    assert.ok(Object.isFrozen(config))
  })

  it('advises setting PUBLIC_URL when PostgreSQL makes several instances possible', () => {
    const pg = 'postgres://u@db.example:5432/portcullis'
    assert.match(loadConfig({ DATABASE_URL: pg }).advice.join(), /PUBLIC_URL is not set/)
    assert.deepEqual(
      loadConfig({ DATABASE_URL: pg, PUBLIC_URL: 'https://login.example' }).advice,
      [],
    )
    assert.deepEqual(loadConfig({}).advice, [])
  })

  it('bounds the wait for a pooled connection with its own setting', () => {
    const { config } = loadConfig({
      DATABASE_URL: 'postgres://u@db.example:5432/p',
      DATABASE_POOL_TIMEOUT_SECONDS: '3',
    })
    assert.equal(config.database.kind === 'postgres' && config.database.poolTimeoutMs, 3000)
    assert.match(problemsOf({ DATABASE_POOL_TIMEOUT_SECONDS: '0' }).join(), /DATABASE_POOL_TIMEOUT/)
  })

  it('derives PUBLIC_URL from PORT and strips a trailing slash from an explicit one', () => {
    assert.equal(loadConfig({ PORT: '8080' }).config.publicUrl, 'http://localhost:8080')
    assert.equal(
      loadConfig({ PUBLIC_URL: 'https://login.example.com/' }).config.publicUrl,
      'https://login.example.com',
    )
  })

  it('reports every bad option at once, each by name', () => {
    const problems = problemsOf({
      PORT: '70000',
      LOG_LEVEL: 'loud',
      NODE_ENV: 'staging',
      BODY_LIMIT_BYTES: 'lots',
      DNS_SERVERS: 'dns.example.com:53',
      TRUST_PROXY: '10.0.0.0/99',
    })
    for (const name of [
      'PORT',
      'LOG_LEVEL',
      'NODE_ENV',
      'BODY_LIMIT_BYTES',
      'DNS_SERVERS',
      'TRUST_PROXY',
    ]) {
      assert.ok(
        problems.some((p) => p.startsWith(`${name}:`)),
        `no problem reported for ${name}: ${problems.join(' | ')}`,
      )
    }
  })

  it('names DATABASE_URL when it is malformed or of an unknown scheme', () => {
    assert.match(problemsOf({ DATABASE_URL: 'postgres://u:p@[broken' }).join(), /^DATABASE_URL:/)
    assert.match(problemsOf({ DATABASE_URL: 'mysql://localhost/db' }).join(), /^DATABASE_URL:/)
    assert.match(problemsOf({ DATABASE_URL: 'postgres://localhost' }).join(), /no database name/)
    assert.match(problemsOf({ DATABASE_URL: 'sqlite:' }).join(), /^DATABASE_URL:/)
  })

  it('never shows the PostgreSQL password in the display URL', () => {
    const { database } = loadConfig({
      DATABASE_URL: 'postgres://app:s3cret@db.internal:5433/portcullis',
    }).config
    assert.equal(database.kind, 'postgres')
    assert.ok(database.kind === 'postgres' && !database.displayUrl.includes('s3cret'))
    assert.ok(database.kind === 'postgres' && database.displayUrl.includes('db.internal:5433'))
  })

  it('refuses plain-http PUBLIC_URL on a public host in production, and only warns in development', () => {
    assert.match(
      problemsOf({ PUBLIC_URL: 'http://login.example.com' }).join(),
      /^PUBLIC_URL:.*https/,
    )
    const { warnings } = loadConfig({
      NODE_ENV: 'development',
      PUBLIC_URL: 'http://login.example.com',
    })
    assert.equal(warnings.length, 1)
    assert.match(warnings[0] ?? '', /PUBLIC_URL/)
  })

  it('accepts plain http on loopback hosts', () => {
    for (const url of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
      assert.deepEqual(problemsOf({ PUBLIC_URL: url }), [], url)
    }
  })

  it('refuses a PUBLIC_URL with a query, fragment or credentials', () => {
    assert.match(problemsOf({ PUBLIC_URL: 'https://a.example/?x=1' }).join(), /^PUBLIC_URL:/)
    assert.match(problemsOf({ PUBLIC_URL: 'https://u:p@a.example' }).join(), /^PUBLIC_URL:/)
    assert.match(problemsOf({ PUBLIC_URL: 'ftp://a.example' }).join(), /^PUBLIC_URL:/)
  })

  it('reads the JSON config file, with the environment taking precedence', () => {
    const files = { '/etc/portcullis.json': JSON.stringify({ PORT: 4000, LOG_LEVEL: 'debug' }) }
    const { config } = loadConfig(
      { CONFIG_FILE: '/etc/portcullis.json', LOG_LEVEL: 'warn' },
      (path) => files[path as keyof typeof files] ?? '',
    )
    assert.equal(config.port, 4000)
    assert.equal(config.logLevel, 'warn')
  })

  it('refuses unknown keys, wrong types and unreadable config files', () => {
    const files = {
      '/a.json': JSON.stringify({ PROT: 1 }),
      '/b.json': JSON.stringify({ PORT: [1] }),
      '/c.json': '[1]',
      '/d.json': '{',
    }
    assert.match(problemsOf({ CONFIG_FILE: '/a.json' }, files).join(), /unknown option "PROT"/)
    assert.match(problemsOf({ CONFIG_FILE: '/b.json' }, files).join(), /^PORT:/)
    assert.match(problemsOf({ CONFIG_FILE: '/c.json' }, files).join(), /JSON object/)
    assert.match(problemsOf({ CONFIG_FILE: '/d.json' }, files).join(), /^CONFIG_FILE:/)
    assert.match(problemsOf({ CONFIG_FILE: '/missing.json' }, files).join(), /^CONFIG_FILE:/)
  })

  it('takes SECRETS_KEY as 32 bytes of base64 and names it when it is anything else', () => {
    const key = Buffer.alloc(32, 7).toString('base64')
    assert.deepEqual(loadConfig({ SECRETS_KEY: key }).config.secretsKey, Buffer.alloc(32, 7))
    assert.equal(loadConfig({}).config.secretsKey, undefined)
    for (const bad of [Buffer.alloc(16).toString('base64'), 'not base64!', 'a'.repeat(64)]) {
      assert.deepEqual(problemsOf({ SECRETS_KEY: bad }), [
        'SECRETS_KEY: must be 32 bytes in base64 (openssl rand -base64 32)',
      ])
    }
  })

  it('parses DNS servers and proxy ranges', () => {
    const { config } = loadConfig({
      DNS_SERVERS: '127.0.0.1:5353, [::1]:53',
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    })
    assert.deepEqual(config.dnsServers, ['127.0.0.1:5353', '[::1]:53'])
    assert.deepEqual(config.trustProxy, ['10.0.0.0/8', '127.0.0.1'])
  })
})

/**
 * The deployment files as written (issue 26): compose.yaml, the Helm chart and the systemd unit parse,
 * set only environment variables of the configuration table, pin every image, and keep the properties
 * operators rely on (migrations before the rollout, non-root, read-only root filesystem, probes, a
 * disruption budget, state only under /var/lib/portcullis).
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parse } from 'yaml'
import { OPTIONS } from '../../src/config/defaults.ts'
import { ROOT } from '../helpers/processes.ts'

const ANALYZE = '/usr/bin/systemd-analyze'
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const NAMES = new Set<string>(OPTIONS.map((option) => option.name))
const VERSION = (JSON.parse(read('package.json')) as { version: string }).version

function assertKnown(names: Iterable<string>, where: string) {
  for (const name of names)
    assert.ok(NAMES.has(name), `${where}: ${name} is not a configuration option`)
}

/**
 * An image reference pinned to an exact release — x.y.z, or x.y where that is a release (PostgreSQL
 * 15.18) — never `latest` or a bare major.
 */
function assertPinned(image: string) {
  assert.match(image, /:\d+\.\d+(\.\d+)?(-[a-z0-9.-]+)?$/, `${image} is not pinned`)
}

describe('deploy/compose.yaml', () => {
  const compose = parse(read('deploy/compose.yaml'), { merge: true }) as {
    services: Record<
      string,
      {
        image: string
        environment?: Record<string, string>
        depends_on?: unknown
        command?: string[]
      }
    >
  }

  it('pins every image, Portcullis at this version', () => {
    for (const service of Object.values(compose.services)) assertPinned(service.image)
    assert.equal(compose.services['portcullis-1']?.image, `portcullis:${VERSION}`)
  })

  it('sets only configuration options on Portcullis, and migrates once before the instances start', () => {
    const ours = Object.entries(compose.services).filter(([, s]) =>
      s.image.startsWith('portcullis:'),
    )
    assert.deepEqual(ours.map(([name]) => name).sort(), ['migrate', 'portcullis-1', 'portcullis-2'])
    for (const [name, service] of ours) assertKnown(Object.keys(service.environment ?? {}), name)
    assert.deepEqual(compose.services['migrate']?.command, [
      'node',
      'bin/portcullis.mjs',
      'migrate',
    ])
    for (const instance of ['portcullis-1', 'portcullis-2']) {
      assert.deepEqual(compose.services[instance]?.depends_on, {
        migrate: { condition: 'service_completed_successfully' },
      })
    }
    // Rate limits see clients, not the proxy: exactly nginx's fixed address is trusted.
    const nginx = compose.services['nginx'] as unknown as {
      networks: { portcullis: { ipv4_address: string } }
    }
    assert.equal(
      compose.services['portcullis-1']?.environment?.['TRUST_PROXY'],
      nginx.networks.portcullis.ipv4_address,
    )
  })
})

describe('deploy/helm/portcullis', () => {
  const chart = parse(read('deploy/helm/portcullis/Chart.yaml')) as {
    appVersion: string
    version: string
  }
  const values = parse(read('deploy/helm/portcullis/values.yaml')) as {
    image: { repository: string; tag: string }
    env: Record<string, string>
    secret: Record<string, string>
    securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean }
    podSecurityContext: { runAsNonRoot: boolean; runAsUser: number }
  }
  const templates = readdirSync(join(ROOT, 'deploy/helm/portcullis/templates')).map((file) =>
    read(`deploy/helm/portcullis/templates/${file}`),
  )
  const all = templates.join('\n')

  it('pins the image to the chart’s appVersion, this version', () => {
    assert.equal(chart.appVersion, VERSION)
    assert.equal(values.image.tag, VERSION)
    assertPinned(`${values.image.repository}:${values.image.tag}`)
  })

  it('sets only configuration options, secrets through a Secret', () => {
    assertKnown(Object.keys(values.env), 'values.env')
    assertKnown(Object.keys(values.secret), 'values.secret')
    assert.ok(!('SECRETS_KEY' in values.env) && !('DATABASE_URL' in values.env))
    assertKnown(
      [...all.matchAll(/- name: ([A-Z_]+)$/gm)].map((m) => m[1] ?? ''),
      'templates',
    )
  })

  it('migrates in a pre-upgrade hook, runs non-root and read-only, with probes and a budget', () => {
    assert.match(
      all,
      /helm\.sh\/hook: pre-install,pre-upgrade[\s\S]*kind: Job|kind: Job[\s\S]*helm\.sh\/hook: pre-install,pre-upgrade/,
    )
    assert.match(all, /command: \["node", "bin\/portcullis\.mjs", "migrate"\]/)
    assert.match(all, /readinessProbe:\s+httpGet: \{ path: \/readyz/)
    assert.match(all, /livenessProbe:\s+httpGet: \{ path: \/healthz/)
    assert.match(all, /kind: PodDisruptionBudget/)
    assert.equal(values.podSecurityContext.runAsNonRoot, true)
    assert.equal(values.securityContext.readOnlyRootFilesystem, true)
    assert.equal(values.securityContext.allowPrivilegeEscalation, false)
  })
})

describe('how the server process is started', () => {
  // `npm start`'s node flags (V8's young generation capped; --expose-gc lets a bulk import collect
  // between batches): every other way the server is started must pass the same ones.
  const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start
  const flags = /&& node ((?:--\S+ )*)build\/server\/start\.mjs$/.exec(start)?.[1]?.trim()

  it('names its flags in one place that the others repeat', () => {
    assert.ok(flags !== undefined && flags.includes('--expose-gc'), start)
    const dockerfile = /^CMD (\[.*\])$/m.exec(read('deploy/Dockerfile'))?.[1] ?? '[]'
    assert.deepEqual(JSON.parse(dockerfile), [
      'node',
      ...flags.split(' '),
      'build/server/start.mjs',
    ])
    assert.match(
      read('deploy/systemd/portcullis.service'),
      new RegExp(`^ExecStart=/usr/local/bin/node ${flags} build/server/start\\.mjs$`, 'm'),
    )
    assert.ok(read('scripts/image-tree.sh').includes(`"$node_bin" ${flags} build/server/start.mjs`))
  })
})

describe('deploy/systemd and deploy/nginx', () => {
  it('runs as its own user with state only under /var/lib/portcullis', () => {
    const unit = read('deploy/systemd/portcullis.service')
    for (const line of [
      'User=portcullis',
      'ProtectSystem=strict',
      'ReadWritePaths=/var/lib/portcullis',
      'StateDirectory=portcullis',
      'NoNewPrivileges=true',
      'EnvironmentFile=/etc/portcullis/portcullis.env',
    ]) {
      assert.ok(unit.split('\n').includes(line), line)
    }
    const env = read('deploy/systemd/portcullis.env')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0] ?? '')
    assertKnown(env, 'portcullis.env')
  })

  it(
    'is a unit systemd reads without complaint',
    { skip: !existsSync(ANALYZE) && 'no systemd-analyze' },
    () => {
      const verified = spawnSync(
        ANALYZE,
        ['verify', join(ROOT, 'deploy/systemd/portcullis.service')],
        {
          encoding: 'utf8',
        },
      )
      // Node.js is not installed at /usr/local/bin on this build machine; anything else is a finding.
      const findings = `${verified.stdout}${verified.stderr}`
        .split('\n')
        .filter(
          (line) => line.trim() !== '' && !/\/usr\/local\/bin\/node is not executable/.test(line),
        )
      assert.deepEqual(findings, [])
    },
  )

  it('passes each client’s address on, replacing any X-Forwarded-For the client sent', () => {
    const conf = read('deploy/nginx/portcullis.conf')
    assert.match(conf, /proxy_set_header X-Forwarded-For \$remote_addr;/)
    assert.doesNotMatch(conf, /\$proxy_add_x_forwarded_for/)
  })
})

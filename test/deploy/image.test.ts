/**
 * The container image, checked where no container runtime runs (issue 26): the Dockerfile and the
 * image-tree script share one recipe (deploy/build-app.sh) and one environment (deploy/image.env, every
 * name a configuration option); the base image is pinned; and the tree the stages produce, started as an
 * unprivileged user with the application read-only and only the data directory writable, becomes ready
 * and signs an administrator in (the operator CLI inside creates the organization).
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { OPTIONS } from '../../src/config/defaults.ts'
import { Browser, readForm } from '../helpers/browser.ts'
import { freePort, ROOT } from '../helpers/processes.ts'

const DOCKERFILE = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8')
const IMAGE_ENV = readFileSync(join(ROOT, 'deploy/image.env'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
const SCRIPT = join(ROOT, 'scripts/image-tree.sh')

describe('deploy/Dockerfile', () => {
  it('sets exactly the environment of deploy/image.env, every name a configuration option', () => {
    const env = [...DOCKERFILE.matchAll(/^ENV (\S+)$/gm)].map((m) => m[1])
    assert.deepEqual(env, IMAGE_ENV)
    const names = new Set<string>(OPTIONS.map((option) => option.name))
    for (const line of IMAGE_ENV) assert.ok(names.has(line.split('=')[0] ?? ''), line)
  })

  it('builds with the shared recipe and runs non-root, read-only, with a volume and a health check', () => {
    assert.match(DOCKERFILE, /^RUN deploy\/build-app\.sh \/app$/m)
    assert.match(DOCKERFILE, /^COPY --from=build --chown=root:root --chmod=a=rX \/app \/app$/m)
    assert.match(DOCKERFILE, /^USER 10001:10001$/m)
    assert.match(DOCKERFILE, /^VOLUME \["\/var\/lib\/portcullis"\]$/m)
    assert.match(DOCKERFILE, /^HEALTHCHECK [\s\S]*\/healthz/m)
    // Pinned: the exact Node.js release the project runs on, never a moving tag.
    const pinned = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies
      .node as string
    for (const [, tag] of DOCKERFILE.matchAll(/^FROM (\S+)/gm)) {
      assert.equal(tag, `node:${pinned.replace('^', '')}-bookworm-slim`)
    }
  })
})

describe(
  'the image’s file tree, run as the image would',
  { skip: process.getuid?.() !== 0 ? 'needs root to switch users' : false },
  () => {
    let dir: string
    let port: number
    let pid: number | undefined
    const url = () => `http://127.0.0.1:${port}`
    const secretsKey = randomBytes(32).toString('base64')
    /** Runs a command in the tree as the service user (nobody), with the image's environment. */
    const asService = (args: string[]) =>
      spawnSync(
        'setpriv',
        [
          '--reuid=nobody',
          '--regid=nogroup',
          '--clear-groups',
          'env',
          ...IMAGE_ENV,
          `DATABASE_URL=sqlite:${dir}/data/portcullis.sqlite`,
          `PUBLIC_URL=${url()}`,
          `SECRETS_KEY=${secretsKey}`,
          ...args,
        ],
        { cwd: join(dir, 'app'), encoding: 'utf8' },
      )

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'portcullis-image-'))
      // The suite built the Admin Center at its start; building it again here would race its readers.
      const built = spawnSync('bash', [SCRIPT, 'build', dir], {
        encoding: 'utf8',
        env: { ...process.env, ADMIN_CENTER_BUILT: '1' },
      })
      assert.equal(built.status, 0, built.stderr)
      port = await freePort()
      const started = spawnSync('bash', [SCRIPT, 'start', dir, String(port)], {
        encoding: 'utf8',
        env: { ...process.env, SECRETS_KEY: secretsKey },
      })
      assert.equal(started.status, 0, started.stderr)
      pid = Number(started.stdout.trim())
      for (let i = 0; ; i++) {
        const ready = await fetch(`${url()}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
        if (ready) break
        assert.ok(i < 100, `not ready: ${readFileSync(join(dir, 'server.log'), 'utf8')}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })
    after(() => {
      if (pid !== undefined) process.kill(pid, 'SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    })

    it('holds the application read-only for the service user; only the data directory is written', () => {
      const write = asService(['sh', '-c', 'touch src/written-by-service'])
      assert.notEqual(write.status, 0, 'the application files are not writable')
      const data = asService(['sh', '-c', `touch ${dir}/data/written && echo ok`])
      assert.equal(data.stdout.trim(), 'ok')
      const tests = spawnSync('ls', [join(dir, 'app')], { encoding: 'utf8' }).stdout.split('\n')
      assert.deepEqual(tests.filter(Boolean).sort(), [
        'admin-ui',
        'bin',
        'build',
        'node_modules',
        'package-lock.json',
        'package.json',
        'src',
      ])
    })

    it('is ready, says its version, and signs an administrator in (created by the CLI inside)', async () => {
      const health = (await (await fetch(`${url()}/healthz`)).json()) as { version: string }
      assert.equal(
        health.version,
        JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string,
      )
      const node = join(ROOT, 'node_modules/node/bin/node')
      const created = asService([
        node,
        'bin/portcullis.mjs',
        'org',
        'create',
        '--name',
        'Image',
        '--admin-email',
        'owner@image.test',
      ])
      assert.equal(created.status, 0, created.stderr)
      const { inviteUrl } = JSON.parse(created.stdout) as { inviteUrl: string }
      const browser = new Browser()
      const invite = await browser.request(inviteUrl)
      const password = 'image tree passphrase 2026'
      const accepted = await browser.submit(invite, new URL(inviteUrl).pathname, {
        password,
        confirm: password,
      })
      // Activation signs the owner in and lands them in the Admin Center (issue 27).
      assert.equal(accepted.status, 200)
      assert.match(accepted.url, /\/admin$/)
      // And a fresh browser signs in through the login pages (the built-in client).
      const fresh = new Browser()
      const email = await fresh.follow(`${url()}/admin`)
      const passwordPage = await fresh.submit(email, '/login/email', {
        email: 'owner@image.test',
      })
      readForm(passwordPage.body, '/login/password')
      const admin = await fresh.submit(passwordPage, '/login/password', { password })
      assert.equal(admin.status, 200)
      assert.match(admin.url, /\/admin$/)
      assert.match(
        admin.body,
        /<script[^>]+src="\/admin\/assets\//,
        'the built Admin Center is served',
      )
    })
  },
)

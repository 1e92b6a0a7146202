/**
 * Debian's nginx for the deployment test (issue 26): the repository's config (deploy/nginx/portcullis.conf)
 * with this machine's addresses, ports and certificate paths put in, run in the foreground as a child
 * of the test (its own prefix, pid and temp directories), stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { ROOT } from './processes.ts'

export const NGINX = '/usr/sbin/nginx'

export interface NginxSites {
  readonly httpsPort: number
  readonly httpPort: number
  /** host:port of the two instances, in place of portcullis-1:8080 and portcullis-2:8080. */
  readonly upstreams: readonly [string, string]
  /** Directory with cert.pem and key.pem. */
  readonly tls: string
}

/** deploy/nginx/portcullis.conf with this machine's addresses in; nothing else changed. */
export function siteConfig(sites: NginxSites): string {
  const text = readFileSync(join(ROOT, 'deploy/nginx/portcullis.conf'), 'utf8')
  const replaced = text
    .replace('server portcullis-1:8080', `server ${sites.upstreams[0]}`)
    .replace('server portcullis-2:8080', `server ${sites.upstreams[1]}`)
    .replace('listen 80;', `listen 127.0.0.1:${sites.httpPort};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${sites.httpsPort} ssl http2;`)
    .replaceAll('/etc/nginx/tls/', `${sites.tls}/`)
  if (replaced.includes('portcullis-1') || replaced.includes('/etc/nginx/')) {
    throw new Error('deploy/nginx/portcullis.conf changed shape: update test/helpers/nginx.ts')
  }
  return replaced
}

export class Nginx {
  #process: ChildProcess | undefined
  readonly #prefix: string
  constructor(prefix: string) {
    this.#prefix = prefix
  }

  async start(sites: NginxSites): Promise<void> {
    const prefix = this.#prefix
    for (const dir of ['logs', 'temp']) mkdirSync(join(prefix, dir), { recursive: true })
    // The workers run as an unprivileged user and write buffered request bodies here.
    chmodSync(prefix, 0o755)
    chmodSync(join(prefix, 'temp'), 0o1777)
    writeFileSync(join(prefix, 'portcullis.conf'), siteConfig(sites))
    writeFileSync(
      join(prefix, 'nginx.conf'),
      [
        'worker_processes 1;',
        `error_log ${prefix}/logs/error.log warn;`,
        `pid ${prefix}/nginx.pid;`,
        'events { worker_connections 256; }',
        'http {',
        '  access_log off;',
        `  client_body_temp_path ${prefix}/temp/body;`,
        `  proxy_temp_path ${prefix}/temp/proxy;`,
        `  fastcgi_temp_path ${prefix}/temp/fastcgi;`,
        `  uwsgi_temp_path ${prefix}/temp/uwsgi;`,
        `  scgi_temp_path ${prefix}/temp/scgi;`,
        `  include ${prefix}/portcullis.conf;`,
        '}',
      ].join('\n'),
    )
    this.#process = spawn(
      NGINX,
      ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    let stderr = ''
    this.#process.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    for (let i = 0; ; i++) {
      if (await listening(sites.httpsPort)) return
      if (this.#process.exitCode !== null || i > 100) {
        throw new Error(`nginx did not start: ${stderr}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  async stop(): Promise<void> {
    const child = this.#process
    if (child === undefined || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGQUIT')
    await exited
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Starts test/helpers/webhook-receiver.ts as its own process and talks to its control routes. */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './processes.ts'

export interface ReceivedMessage {
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string
  readonly verifiedBy: number
  readonly at: number
}

export interface Receiver {
  readonly url: string
  setSecrets(path: string, secrets: readonly string[]): Promise<void>
  setMode(path: string, mode: string): Promise<void>
  received(path?: string): Promise<ReceivedMessage[]>
  /** Waits (polling, up to `timeoutMs`) until `path` has `count` messages; returns them. */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<ReceivedMessage[]>
  stop(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const child = spawn(process.execPath, [join(ROOT, 'test/helpers/webhook-receiver.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
  const port = await new Promise<number>((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening (\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    child.on('close', () => reject(new Error(`receiver exited: ${output}`)))
  })
  const url = `http://127.0.0.1:${port}`
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${url}/control/${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`receiver control ${path}: ${response.status}`)
  }
  const received = async (path?: string) => {
    const all = (await (await fetch(`${url}/control/received`)).json()) as ReceivedMessage[]
    return path === undefined ? all : all.filter((message) => message.path === path)
  }
  return {
    url,
    setSecrets: (path, secrets) => control('secrets', { path, secrets }),
    setMode: (path, mode) => control('mode', { path, mode }),
    received,
    waitFor: async (path, count, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const got = await received(path)
        if (got.length >= count) return got
        if (Date.now() > deadline) {
          throw new Error(`receiver got ${got.length} of ${count} messages on ${path}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    },
  }
}

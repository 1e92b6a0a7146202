/** The clock, injected everywhere time matters so tests can move it (STYLE rule 25). */
import { setTimeout as delay } from 'node:timers/promises'

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /** Waits `ms` milliseconds (login slow-down). */
  sleep(ms: number): Promise<void>
}

export const SYSTEM_CLOCK: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: async (ms: number) => {
    if (ms > 0) await delay(ms)
  },
})

/**
 * A clock that only moves when told to; for tests and for replaying a decision at a fixed time. Its
 * `sleep` returns at once and remembers how long it was asked to wait.
 */
export class ManualClock implements Clock {
  #now: number
  readonly sleeps: number[] = []
  constructor(start: number) {
    this.#now = start
  }
  now(): number {
    return this.#now
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
  }
  advance(ms: number): void {
    this.#now += ms
  }
  set(ms: number): void {
    this.#now = ms
  }
}

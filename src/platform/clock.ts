/** The clock, injected everywhere time matters so tests can move it (STYLE rule 25). */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

export const SYSTEM_CLOCK: Clock = Object.freeze({ now: () => Date.now() })

/** A clock that only moves when told to; for tests and for replaying a decision at a fixed time. */
export class ManualClock implements Clock {
  #now: number
  constructor(start: number) {
    this.#now = start
  }
  now(): number {
    return this.#now
  }
  advance(ms: number): void {
    this.#now += ms
  }
  set(ms: number): void {
    this.#now = ms
  }
}

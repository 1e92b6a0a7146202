/**
 * A fair bound on how much of one kind of CPU-heavy work runs at once in this process (argon2 password
 * hashing). At most `concurrency` run; later ones wait, and when a slot frees the sources that wait take
 * turns (round robin), so a source with a long queue cannot make another wait behind all of it. Each
 * source (a client address, or an IPv6 network) holds at most `perSourceRunning` slots and
 * `perSourceWaiting` places in the queue: beyond its share it is refused at once, and when the whole queue
 * (`maxWaiting`) is full a newcomer takes the newest place of the source holding the most. An overload
 * answers "try again" fast instead of timing out, and a flood from a few sources leaves room for others.
 */

export class WorkGateFull extends Error {
  override readonly name = 'WorkGateFull'
}

export interface WorkGateLimits {
  /** Slots in all: work running at once. */
  readonly concurrency: number
  /** Places in the queue in all. */
  readonly maxWaiting: number
  /** Slots one source may hold at once. */
  readonly perSourceRunning: number
  /** Queue places one source may hold. */
  readonly perSourceWaiting: number
}

interface Waiter {
  readonly start: () => void
  readonly refuse: (error: WorkGateFull) => void
}

interface SourceState {
  running: number
  readonly queue: Waiter[]
}

export class WorkGate {
  readonly limits: WorkGateLimits
  #running = 0
  #waiting = 0
  readonly #sources = new Map<string, SourceState>()
  /** Sources with work waiting, in the order they get their next turn. */
  readonly #turns: string[] = []

  constructor(limits: WorkGateLimits) {
    for (const [name, value] of Object.entries(limits)) {
      const least = name === 'maxWaiting' || name === 'perSourceWaiting' ? 0 : 1
      if (!Number.isInteger(value) || value < least) throw new RangeError(`${name} ≥ ${least}`)
    }
    this.limits = Object.freeze({ ...limits })
  }

  /** How many wait now (a metric). */
  get waiting(): number {
    return this.#waiting
  }

  get running(): number {
    return this.#running
  }

  /** Runs `work` for `source` when it has a turn; throws WorkGateFull beyond the source's share. */
  async run<T>(source: string, work: () => Promise<T>): Promise<T> {
    const { concurrency, perSourceRunning, perSourceWaiting } = this.limits
    const state = this.#state(source)
    if (state.running + state.queue.length >= perSourceRunning + perSourceWaiting) {
      this.#forget(source, state)
      throw new WorkGateFull()
    }
    if (this.#running < concurrency && state.running < perSourceRunning) {
      state.running++
      this.#running++
    } else {
      if (this.#waiting >= this.limits.maxWaiting && !this.#evictFor(state)) {
        this.#forget(source, state)
        throw new WorkGateFull()
      }
      await new Promise<void>((start, refuse) => {
        state.queue.push({ start, refuse })
        this.#waiting++
        if (state.queue.length === 1) this.#turns.push(source)
      })
    }
    try {
      return await work()
    } finally {
      state.running--
      this.#running--
      this.#forget(source, state)
      this.#dispatch()
    }
  }

  #state(source: string): SourceState {
    let state = this.#sources.get(source)
    if (state === undefined) {
      state = { running: 0, queue: [] }
      this.#sources.set(source, state)
    }
    return state
  }

  #forget(source: string, state: SourceState): void {
    if (state.running === 0 && state.queue.length === 0) this.#sources.delete(source)
  }

  /** Frees a queue place for `newcomer` by refusing the newest waiter of the heaviest source. */
  #evictFor(newcomer: SourceState): boolean {
    let heaviest: string | undefined
    let most = 0
    for (const source of this.#turns) {
      const length = this.#sources.get(source)?.queue.length ?? 0
      if (length > most) {
        heaviest = source
        most = length
      }
    }
    if (heaviest === undefined || most <= newcomer.queue.length + 1) return false
    const state = this.#sources.get(heaviest) as SourceState
    const evicted = state.queue.pop() as Waiter
    this.#waiting--
    if (state.queue.length === 0) {
      this.#turns.splice(this.#turns.indexOf(heaviest), 1)
      this.#forget(heaviest, state)
    }
    evicted.refuse(new WorkGateFull())
    return true
  }

  /** Starts waiting work while slots are free, one source after another. */
  #dispatch(): void {
    const { concurrency, perSourceRunning } = this.limits
    while (this.#running < concurrency) {
      const index = this.#turns.findIndex((source) => {
        const state = this.#sources.get(source)
        return (state?.running ?? perSourceRunning) < perSourceRunning
      })
      if (index < 0) break
      const [source] = this.#turns.splice(index, 1) as [string]
      const state = this.#sources.get(source) as SourceState
      const next = state.queue.shift() as Waiter
      this.#waiting--
      state.running++
      this.#running++
      if (state.queue.length > 0) this.#turns.push(source)
      next.start()
    }
  }
}

/**
 * Periodic jobs shared by all instances: every instance polls, and a database lease lets exactly one of
 * them run a due job (SPEC §6: state in the database, any number of instances).
 */
import type { Clock } from '../platform/clock.ts'
import type { Logger } from '../platform/log.ts'
import { newSecret } from '../platform/random.ts'
import type { Store } from '../platform/store.ts'
import type { JobLeaseRepository } from './job-lease-repository.ts'

export interface Job {
  readonly name: string
  /** Runs at most once per interval across all instances. */
  readonly intervalMs: number
  /** Longest a run may take before another instance may take over. */
  readonly leaseMs: number
  readonly run: () => Promise<unknown>
}

export interface JobRunnerDeps {
  readonly store: Store<{ jobLeases: JobLeaseRepository }>
  readonly clock: Clock
  readonly logger: Logger
  readonly jobs: readonly Job[]
}

export class JobRunner {
  readonly #deps: JobRunnerDeps
  /** Identifies this process in the lease table. */
  readonly #holder = newSecret('instance-', 12)
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined

  constructor(deps: JobRunnerDeps) {
    this.#deps = deps
  }

  /** Runs every due job whose lease this instance wins; returns the names of the jobs it ran. */
  async tick(): Promise<string[]> {
    const { store, clock, logger } = this.#deps
    const ran: string[] = []
    for (const job of this.#deps.jobs) {
      const now = clock.now()
      const won = await store.read.jobLeases.tryAcquire(
        job.name,
        this.#holder,
        now,
        now + job.leaseMs,
        now - job.intervalMs,
      )
      if (!won) continue
      try {
        const result = await job.run()
        await store.read.jobLeases.finish(job.name, this.#holder, clock.now())
        logger.info({ job: job.name, result }, 'job finished')
        ran.push(job.name)
      } catch (error) {
        // The lease runs out on its own; another instance (or this one) retries after it.
        logger.error({ job: job.name, err: error }, 'job failed')
      }
    }
    return ran
  }

  /** Polls every `pollMs` until `stop`. */
  start(pollMs: number): void {
    if (pollMs <= 0 || this.#timer !== undefined) return
    this.#timer = setInterval(() => {
      this.#running ??= this.tick()
        .then(
          () => undefined,
          (error: unknown) => this.#deps.logger.error({ err: error }, 'job poll failed'),
        )
        .finally(() => {
          this.#running = undefined
        })
    }, pollMs)
    this.#timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    this.#timer = undefined
    await this.#running
  }
}

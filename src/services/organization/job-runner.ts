/**
 * Periodic jobs shared by all instances: every instance polls, and a database lease lets exactly one of
 * them run a due job (SPEC §6: state in the database, any number of instances). The lease is short and
 * renewed while the job runs, so a dead holder is replaced within about a lease: an instance that finds
 * a lease held polls again when it runs out, not only at its next poll. Each run has a time budget after
 * which it is asked to stop (its signal aborts) and its lease is released, so one slow job cannot hold
 * the others or a shutdown.
 */
import type { Clock } from '../../platform/clock.ts'
import type { Logger } from '../../platform/log.ts'
import { metrics } from '../../platform/metrics.ts'
import { newSecret } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import type { JobLeaseRepository } from '../../jobs/job-lease-repository.ts'

/** What a run is given: its signal aborts when the budget is spent or the process stops. */
export interface JobRun {
  readonly signal: AbortSignal
}

export interface Job {
  readonly name: string
  /** Runs at most once per interval across all instances. */
  readonly intervalMs: number
  /** Longest one run may take; then it is asked to stop and the job is due again at once. */
  readonly budgetMs: number
  /** Its result is logged; a numeric `wakeAt` in it (epoch ms) brings the next poll forward to then. */
  readonly run: (run: JobRun) => Promise<unknown>
}

export interface JobRunnerDeps {
  readonly store: Store<{ jobLeases: JobLeaseRepository }>
  readonly clock: Clock
  readonly logger: Logger
  readonly jobs: readonly Job[]
  /** Lease length; renewed every third of it while a job runs (default 60 s). */
  readonly leaseMs?: number
  /** How long a run asked to stop may take to do so before the runner stops waiting (default 5 s). */
  readonly stopGraceMs?: number
}

export const DEFAULT_LEASE_MS = 60_000
/** How long after a held lease runs out an instance tries to take it. */
export const RETRY_MARGIN_MS = 500
/** A job's `wakeAt` never brings the next poll closer than this (no busy loop). */
const MIN_WAKE_DELAY_MS = 250

export class JobRunner {
  readonly #deps: JobRunnerDeps
  /** Identifies this process in the lease table. */
  readonly #holder = newSecret('instance-', 12)
  /** Aborts whatever runs when the runner stops. */
  readonly #stopping = new AbortController()
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  /** A poll asked for while one runs: the jobs it is for, or every job. */
  #pollAgain: ReadonlySet<string> | 'all' | undefined
  /** A poll due when a lease another instance held runs out (it may have died holding it). */
  #retry: { readonly at: number; readonly timer: NodeJS.Timeout } | undefined

  constructor(deps: JobRunnerDeps) {
    this.#deps = deps
  }

  /**
   * Runs every due job whose lease this instance wins (of `only`, when given); returns the names of the
   * jobs it ran.
   */
  async tick(only?: ReadonlySet<string>): Promise<string[]> {
    const { store, clock } = this.#deps
    const leaseMs = this.#deps.leaseMs ?? DEFAULT_LEASE_MS
    const ran: string[] = []
    let heldUntil: number | undefined
    for (const job of this.#deps.jobs) {
      if (only !== undefined && !only.has(job.name)) continue
      if (this.#stopping.signal.aborted) break
      const now = clock.now()
      const won = await store.read.jobLeases.tryAcquire(
        job.name,
        this.#holder,
        now,
        now + leaseMs,
        now - job.intervalMs,
      )
      if (won) {
        if (await this.#runLeased(job, leaseMs)) ran.push(job.name)
        continue
      }
      const until = await store.read.jobLeases.heldUntil(job.name, now)
      if (until !== null) heldUntil = Math.min(heldUntil ?? until, until)
    }
    if (heldUntil !== undefined) this.#retryAt(heldUntil)
    return ran
  }

  /**
   * Polls again just after `leaseUntil` (a held lease runs out then: its holder renews it, or died),
   * unless a retry is due sooner. Nothing when polling is off.
   */
  #retryAt(leaseUntil: number): void {
    this.#pollAt(leaseUntil + RETRY_MARGIN_MS)
  }

  /** Polls again at `at` (soonest wins), at least a moment from now. Nothing when polling is off. */
  #pollAt(wanted: number): void {
    if (this.#timer === undefined) return
    const at = Math.max(wanted, this.#deps.clock.now() + MIN_WAKE_DELAY_MS)
    if (this.#retry !== undefined && this.#retry.at <= at) return
    clearTimeout(this.#retry?.timer)
    const timer = setTimeout(
      () => {
        this.#retry = undefined
        this.nudge()
      },
      Math.max(0, at - this.#deps.clock.now()),
    )
    timer.unref()
    this.#retry = { at, timer }
  }

  /** Runs `job` under its lease; true when it finished within its budget. */
  async #runLeased(job: Job, leaseMs: number): Promise<boolean> {
    const { store, clock, logger } = this.#deps
    const budget = AbortSignal.timeout(job.budgetMs)
    const signal = AbortSignal.any([budget, this.#stopping.signal])
    const heartbeat = setInterval(() => {
      store.read.jobLeases
        .renew(job.name, this.#holder, clock.now() + leaseMs)
        .catch((error: unknown) =>
          logger.warn({ job: job.name, err: error }, 'lease renewal failed'),
        )
    }, leaseMs / 3)
    heartbeat.unref()
    try {
      const result = await this.#untilStopped(job.run({ signal }), signal)
      if (signal.aborted) {
        // Out of budget (or stopping): what is done is kept; the rest is due again at the next poll.
        logger.warn({ job: job.name, budgetMs: job.budgetMs }, 'job stopped before finishing')
        metrics.jobRuns.inc({ job: job.name, outcome: 'stopped' })
        await store.read.jobLeases.release(job.name, this.#holder)
        return false
      }
      await store.read.jobLeases.finish(job.name, this.#holder, clock.now())
      const wakeAt = (result as { wakeAt?: unknown } | undefined)?.wakeAt
      if (typeof wakeAt === 'number') this.#pollAt(wakeAt)
      logger.info({ job: job.name, result }, 'job finished')
      metrics.jobRuns.inc({ job: job.name, outcome: 'finished' })
      return true
    } catch (error) {
      logger.error({ job: job.name, err: error }, 'job failed')
      metrics.jobRuns.inc({ job: job.name, outcome: 'failed' })
      await store.read.jobLeases.release(job.name, this.#holder).catch(() => undefined)
      return false
    } finally {
      clearInterval(heartbeat)
    }
  }

  /** The run's result, or undefined once `signal` aborted and the run did not stop within the grace. */
  #untilStopped<T>(run: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
    const grace = this.#deps.stopGraceMs ?? 5000
    let timer: NodeJS.Timeout | undefined
    const given = new Promise<undefined>((resolve) => {
      const onAbort = () => {
        timer = setTimeout(() => resolve(undefined), grace)
        timer.unref()
      }
      if (signal.aborted) onAbort()
      else signal.addEventListener('abort', onAbort, { once: true })
    })
    return Promise.race([run, given]).finally(() => clearTimeout(timer))
  }

  /** Polls now, then every `pollMs`, until `stop` (a restarted instance picks up due work at once). */
  start(pollMs: number): void {
    if (pollMs <= 0 || this.#timer !== undefined) return
    this.#timer = setInterval(() => this.#poll(), pollMs)
    this.#timer.unref()
    setImmediate(() => this.#poll())
  }

  /**
   * Polls now rather than at the next interval (new work was just queued, e.g. an import run) — for
   * the jobs named, or every job; polls again right after the current poll when one is running.
   * Nothing when polling is off.
   */
  nudge(jobs?: readonly string[]): void {
    if (this.#timer === undefined) return
    const wanted = jobs === undefined ? 'all' : new Set(jobs)
    if (this.#running === undefined) {
      this.#poll(wanted)
      return
    }
    const pending = this.#pollAgain
    this.#pollAgain =
      pending === 'all' || wanted === 'all' ? 'all' : new Set([...(pending ?? []), ...wanted])
  }

  #poll(wanted: ReadonlySet<string> | 'all' = 'all'): void {
    if (this.#running !== undefined || this.#stopping.signal.aborted) return
    this.#running = this.tick(wanted === 'all' ? undefined : wanted)
      .then(
        () => undefined,
        (error: unknown) => this.#deps.logger.error({ err: error }, 'job poll failed'),
      )
      .finally(() => {
        this.#running = undefined
        const again = this.#pollAgain
        if (again !== undefined) {
          this.#pollAgain = undefined
          this.#poll(again)
        }
      })
  }

  /** Stops polling and asks a running job to stop; returns within the stop grace whatever it does. */
  async stop(): Promise<void> {
    clearInterval(this.#timer)
    this.#timer = undefined
    clearTimeout(this.#retry?.timer)
    this.#retry = undefined
    this.#stopping.abort()
    await this.#running
  }
}

/**
 * Rows of the front-door performance table. Each benchmark prints its own lines; when `BENCH_REPORT`
 * names a file (set by `bench/front-door.ts`), it also appends its rows there as JSON lines so one
 * command can print the whole table.
 */
import { appendFileSync } from 'node:fs'

export interface BenchRow {
  /** What was measured, e.g. "ACS over HTTP (7 KB, twice signed, 16 at once)". */
  readonly path: string
  /** Portcullis's figure, with its unit. */
  readonly now: string
  /** The baseline measured in the same run, with its figure. */
  readonly baseline: string
  /** now / baseline (or baseline / now where smaller is better, as the goal says). */
  readonly ratio: number
  /** Written like the ratio: "≥ 10", "≤ 1.67". */
  readonly goal: string
  readonly met: boolean
}

export function reportRows(rows: readonly BenchRow[]): void {
  const file = process.env['BENCH_REPORT']
  if (file === undefined || file === '') return
  appendFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(''))
}

/** A rate for the table: "642/s". */
export function perSecond(rate: number): string {
  return `${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)}/s`
}

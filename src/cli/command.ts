/** What every CLI command is: its options, a pure check of them, and what it runs (one JSON object out). */
import type { ParseArgsConfig } from 'node:util'
import type { App } from '../main.ts'
import type { Config } from '../config/load.ts'

export type Options = NonNullable<ParseArgsConfig['options']>
export type Values = Readonly<Record<string, string | boolean | string[] | undefined>>

export interface Command {
  /** Its lines in `portcullis --help` (the first starts with the command's name). */
  readonly usage: string
  readonly options: Options
  readonly required: readonly string[]
  /** Pure validation of the arguments, before the database is opened (so bad input writes nothing). */
  readonly check: (values: Values) => void
  readonly run: (app: App, values: Values) => Promise<object>
  /**
   * Work done without opening the app (which migrates the database first): a dry run of the
   * migrations, a backup before an upgrade. Returns undefined when these values need the app.
   */
  readonly direct?: (config: Config, values: Values) => Promise<object> | undefined
}

/** Arguments the command cannot take: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export function asList(value: Values[string]): string[] {
  if (Array.isArray(value)) return value
  return typeof value === 'string' ? [value] : []
}

/** A string option's value, trimmed ('' when absent). */
export function text(values: Values, name: string): string {
  const value = values[name]
  return typeof value === 'string' ? value.trim() : ''
}

/** `--feature` given several times, or `--features a,b`; undefined when neither is given. */
export function featureList(values: Values): string[] | undefined {
  const list = [
    ...asList(values['feature']),
    ...text(values, 'features')
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== ''),
  ]
  return values['feature'] === undefined && values['features'] === undefined ? undefined : list
}

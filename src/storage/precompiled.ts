/**
 * Hot queries built and compiled once per engine. Building a Kysely query and compiling it to SQL costs
 * several times what SQLite takes to run a primary-key read (`npm run bench:storage`), and a hot query's
 * shape never changes: only its values do. `precompiled(build)` builds the query once per engine with
 * placeholder values, remembers where each placeholder landed among the compiled parameters, and from
 * then on runs the same SQL with the call's values through the executor it is given — so transactions,
 * the driver's statement cache and the query metrics treat it like any other query. The multi-row
 * inserts of `bulk-insert.ts` are compiled the same way (`compileWithPlaceholders`, `CompiledMemo`).
 */
import { CompiledQuery, type Compilable, type QueryResult } from 'kysely'
import type { Executor } from './database.ts'

type Slot = { readonly argument: number } | { readonly constant: unknown }

export interface Compiled {
  readonly sql: string
  readonly slots: readonly Slot[]
}

export interface PrecompiledQuery<A extends readonly unknown[], R> {
  /** All rows for `args`, run on `db` (the database or an open transaction). */
  rows(db: Executor, ...args: A): Promise<R[]>
  /** The statement run for `args` (a write): its result, with the rows it changed. */
  run(db: Executor, ...args: A): Promise<QueryResult<R>>
}

/** The value standing for argument `index` while a query is built to be compiled once. */
export function placeholder(index: number): string {
  return `\u0000precompiled:${index}\u0000`
}

/**
 * Compiles `query`, built with `placeholder(i)` for each of its `arity` arguments, and checks that each
 * argument reached the SQL as one bound parameter, used once and unchanged; other parameters are kept
 * as the constants the query was built with.
 */
export function compileWithPlaceholders(query: Compilable<unknown>, arity: number): Compiled {
  const compiled = query.compile()
  const indexOf = new Map(Array.from({ length: arity }, (_, i) => [placeholder(i), i]))
  const uses = new Uint32Array(arity)
  const slots = compiled.parameters.map((value): Slot => {
    const argument = typeof value === 'string' ? indexOf.get(value) : undefined
    if (argument === undefined) return { constant: value }
    uses[argument] = (uses[argument] ?? 0) + 1
    return { argument }
  })
  const misused = uses.findIndex((n) => n !== 1)
  if (misused >= 0 || compiled.sql.includes('\u0000precompiled:')) {
    throw new TypeError(
      `precompiled query: argument ${misused >= 0 ? misused : '?'} is not one bound parameter`,
    )
  }
  return { sql: compiled.sql, slots }
}

/** Runs `compiled` with `args` on `db`. */
export function runCompiled<R>(
  db: Executor,
  compiled: Compiled,
  args: readonly unknown[],
): Promise<QueryResult<R>> {
  const parameters = compiled.slots.map((slot) =>
    'argument' in slot ? args[slot.argument] : slot.constant,
  )
  return db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters))
}

/**
 * Compiled statements remembered per engine (Kysely's adapter of the executor: the same for the
 * database and its transactions) and per key, at most `limit` per engine (the oldest is forgotten).
 */
export class CompiledMemo {
  readonly #byEngine = new WeakMap<object, Map<string, Compiled>>()
  readonly #limit: number

  constructor(limit: number) {
    this.#limit = limit
  }

  get(db: Executor, key: string, compile: () => Compiled): Compiled {
    const adapter = db.getExecutor().adapter
    let statements = this.#byEngine.get(adapter)
    if (statements === undefined) {
      statements = new Map()
      this.#byEngine.set(adapter, statements)
    }
    let compiled = statements.get(key)
    if (compiled === undefined) {
      compiled = compile()
      if (statements.size >= this.#limit) {
        const oldest = statements.keys().next().value
        if (oldest !== undefined) statements.delete(oldest)
      }
      statements.set(key, compiled)
    }
    return compiled
  }
}

/**
 * Each argument of `build` must reach the SQL as one bound parameter, used once, and unchanged (no
 * conversion in `build`: pass values as the column takes them) — checked when the query is first
 * compiled, with a placeholder string standing for each.
 */
export function precompiled<A extends readonly unknown[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
): PrecompiledQuery<A, R> {
  const arity = build.length - 1
  const memo = new CompiledMemo(1)
  const execute = (db: Executor, args: A) => {
    const compiled = memo.get(db, '', () => {
      const placeholders = Array.from({ length: arity }, (_, i) => placeholder(i))
      return compileWithPlaceholders(build(db, ...(placeholders as unknown as A)), arity)
    })
    return runCompiled<R>(db, compiled, args)
  }
  return {
    async rows(db, ...args) {
      return (await execute(db, args)).rows
    },
    run: (db, ...args) => execute(db, args),
  }
}

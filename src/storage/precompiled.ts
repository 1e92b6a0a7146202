/**
 * Hot queries built and compiled once per engine. Building a Kysely query and compiling it to SQL costs
 * several times what SQLite takes to run a primary-key read (`npm run bench:storage`), and a hot query's
 * shape never changes: only its values do. `precompiled(build)` builds the query once per engine with
 * placeholder values, remembers where each placeholder landed among the compiled parameters, and from
 * then on runs the same SQL with the call's values through the executor it is given — so transactions,
 * the driver's statement cache and the query metrics treat it like any other query.
 */
import { CompiledQuery, type Compilable, type QueryResult } from 'kysely'
import type { Executor } from './database.ts'

type Slot = { readonly argument: number } | { readonly constant: unknown }

interface Compiled {
  readonly sql: string
  readonly slots: readonly Slot[]
}

export interface PrecompiledQuery<A extends readonly unknown[], R> {
  /** All rows for `args`, run on `db` (the database or an open transaction). */
  rows(db: Executor, ...args: A): Promise<R[]>
  /** The statement run for `args` (a write): its result, with the rows it changed. */
  run(db: Executor, ...args: A): Promise<QueryResult<R>>
}

/**
 * Each argument of `build` must reach the SQL as one bound parameter, used once, and unchanged (no
 * conversion in `build`: pass values as the column takes them) — checked when the query is first
 * compiled, with a placeholder string standing for each. Compiled once per engine (Kysely's adapter of
 * the executor).
 */
export function precompiled<A extends readonly unknown[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
): PrecompiledQuery<A, R> {
  const byEngine = new WeakMap<object, Compiled>()
  const arity = build.length - 1
  const compile = (db: Executor): Compiled => {
    const placeholders = Array.from({ length: arity }, (_, i) => `\u0000precompiled:${i}\u0000`)
    const query = build(db, ...(placeholders as unknown as A)).compile()
    const slots = query.parameters.map((value): Slot => {
      const argument = typeof value === 'string' ? placeholders.indexOf(value) : -1
      return argument >= 0 ? { argument } : { constant: value }
    })
    for (let i = 0; i < arity; i++) {
      const uses = slots.filter((slot) => 'argument' in slot && slot.argument === i).length
      if (uses !== 1 || query.sql.includes(placeholders[i] ?? '')) {
        throw new TypeError(`precompiled query: argument ${i} is not one bound parameter`)
      }
    }
    return { sql: query.sql, slots }
  }
  const execute = (db: Executor, args: A) => {
    const adapter = db.getExecutor().adapter
    let compiled = byEngine.get(adapter)
    if (compiled === undefined) {
      compiled = compile(db)
      byEngine.set(adapter, compiled)
    }
    const parameters = compiled.slots.map((slot) =>
      'argument' in slot ? args[slot.argument] : slot.constant,
    )
    return db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters))
  }
  return {
    async rows(db, ...args) {
      return (await execute(db, args)).rows
    },
    run: (db, ...args) => execute(db, args),
  }
}

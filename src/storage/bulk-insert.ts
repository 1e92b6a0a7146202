/**
 * INSERTs compiled once (issue 29: imports, and the rows every sign-in writes). Kysely builds a node per
 * value and compiles the whole tree again for every statement: for an import of 100,000 rows that is
 * millions of short-lived objects, much of the time and most of the server's memory growth. A
 * statement for a table, its columns and a number of rows is compiled once per engine the way
 * `precompiled` compiles a query (each value a placeholder argument, row after row), and from then on
 * runs with the rows' values through the executor it is given. Rows are the table's insert shape, as
 * for Kysely's `values`.
 */
import type { Insertable } from 'kysely'
import type { DB, Executor } from './database.ts'
import { CompiledMemo, compileWithPlaceholders, placeholder, runCompiled } from './precompiled.ts'

/** Statements kept per engine: a table's full chunk and its usual remainders fit. */
const statements = new CompiledMemo(64)

/**
 * Inserts `rows` into `table`, `perStatement` rows a statement. Every row must have the same columns
 * (as one row-mapping function gives them); the values go to the database unchanged.
 */
export async function insertRows<T extends keyof DB & string>(
  db: Executor,
  table: T,
  rows: readonly Insertable<DB[T]>[],
  perStatement: number,
): Promise<void> {
  const first = rows[0]
  if (first === undefined) return
  const columns = Object.keys(first)
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement) as readonly Record<string, unknown>[]
    const key = `${table}(${columns.join(',')})×${chunk.length}`
    const compiled = statements.get(db, key, () => compile(db, table, columns, chunk.length))
    const values = chunk.flatMap((row) => columns.map((column) => row[column]))
    // Kysely leaves an undefined column out (its default then); one statement for all rows cannot.
    if (values.includes(undefined))
      throw new TypeError(`insert into ${table}: a value is undefined`)
    await runCompiled(db, compiled, values)
  }
}

/** One row: `insertRows` with a statement of one row. */
export function insertRow<T extends keyof DB & string>(
  db: Executor,
  table: T,
  row: Insertable<DB[T]>,
): Promise<void> {
  return insertRows(db, table, [row], 1)
}

function compile(db: Executor, table: string, columns: readonly string[], count: number) {
  const values = Array.from({ length: count }, (_, row) =>
    Object.fromEntries(columns.map((column, c) => [column, placeholder(row * columns.length + c)])),
  )
  const query = db.insertInto(table as keyof DB & string).values(values as never)
  return compileWithPlaceholders(query, count * columns.length)
}

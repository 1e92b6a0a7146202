/**
 * Multi-row INSERTs compiled once (issue 29: imports). Kysely builds a node per value and compiles the
 * whole tree again for every statement: for an import of 100,000 rows that is millions of short-lived
 * objects, much of the time and most of the server's memory growth. `insertRows` builds the statement
 * for a table, its columns and a number of rows once per engine with placeholder values, remembers
 * which row and column each bound parameter takes, and from then on runs the same SQL with the rows'
 * values through the executor it is given (a transaction, the driver's statement cache and the query
 * metrics see an ordinary query). Rows are the table's insert shape, as for Kysely's `values`.
 */
import { CompiledQuery, type Insertable } from 'kysely'
import type { DB, Executor } from './database.ts'

interface Compiled {
  readonly sql: string
  /** For each bound parameter: its row (index in the chunk) and column (index in `columns`). */
  readonly rows: Uint32Array
  readonly columns: Uint32Array
}

/** Statements kept per engine (adapter); a table's full chunk and its usual remainders fit. */
const CACHE_SIZE = 64
const cache = new WeakMap<object, Map<string, Compiled>>()

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
    const compiled = compiledFor(db, table, columns, chunk.length)
    const parameters = new Array<unknown>(compiled.rows.length)
    for (let i = 0; i < parameters.length; i++) {
      const row = chunk[compiled.rows[i] as number] as Record<string, unknown>
      const value = row[columns[compiled.columns[i] as number] as string]
      // Kysely leaves an undefined column out (its default then); one statement for all rows cannot.
      if (value === undefined)
        throw new TypeError(`bulk insert into ${table}: a value is undefined`)
      parameters[i] = value
    }
    await db.executeQuery(CompiledQuery.raw(compiled.sql, parameters))
  }
}

function compiledFor(db: Executor, table: string, columns: string[], count: number): Compiled {
  const adapter = db.getExecutor().adapter
  let statements = cache.get(adapter)
  if (statements === undefined) {
    statements = new Map()
    cache.set(adapter, statements)
  }
  const key = `${table}(${columns.join(',')})×${count}`
  let compiled = statements.get(key)
  if (compiled === undefined) {
    compiled = compile(db, table, columns, count)
    if (statements.size >= CACHE_SIZE) {
      const oldest = statements.keys().next().value
      if (oldest !== undefined) statements.delete(oldest)
    }
    statements.set(key, compiled)
  }
  return compiled
}

const placeholder = (row: number, column: number) => `\u0000bulk:${row}:${column}\u0000`

function compile(db: Executor, table: string, columns: string[], count: number): Compiled {
  const values = Array.from({ length: count }, (_, row) =>
    Object.fromEntries(columns.map((column, c) => [column, placeholder(row, c)])),
  )
  const query = db
    .insertInto(table as keyof DB & string)
    .values(values as never)
    .compile()
  const rows = new Uint32Array(query.parameters.length)
  const cols = new Uint32Array(query.parameters.length)
  const seen = new Set<string>()
  query.parameters.forEach((value, i) => {
    const match = typeof value === 'string' ? /^\u0000bulk:(\d+):(\d+)\u0000$/.exec(value) : null
    if (match === null || seen.has(value as string)) {
      throw new TypeError(`bulk insert into ${table}: parameter ${i} is not one row's value`)
    }
    seen.add(value as string)
    rows[i] = Number(match[1])
    cols[i] = Number(match[2])
  })
  if (seen.size !== count * columns.length || query.sql.includes('\u0000')) {
    throw new TypeError(`bulk insert into ${table}: not every value is one bound parameter`)
  }
  return { sql: query.sql, rows, columns: cols }
}

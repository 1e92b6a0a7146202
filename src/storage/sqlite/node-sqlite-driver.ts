/**
 * A Kysely driver for Node's built-in `node:sqlite` (kysely #1292), so SQLite needs no native addon
 * built against Node's ABI. One connection per process; Kysely's SqliteAdapter serialises its use.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely'

/** The subset of `node:sqlite` that the driver needs. */
export type NodeSQLiteDatabase = Pick<DatabaseSync, 'prepare' | 'exec' | 'close'>

export class NodeSQLiteDialect implements Dialect {
  readonly #database: NodeSQLiteDatabase
  constructor(database: NodeSQLiteDatabase) {
    this.#database = database
  }
  createDriver(): Driver {
    return new NodeSQLiteDriver(this.#database)
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }
  createAdapter(): DialectAdapter {
    return new NodeSQLiteAdapter()
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db)
  }
}

/**
 * SQLite does run DDL inside transactions. Saying so makes Kysely's Migrator read the migration state
 * and apply migrations inside one BEGIN IMMEDIATE transaction: the cross-process migration lock.
 */
class NodeSQLiteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

class NodeSQLiteDriver implements Driver {
  readonly #connection: NodeSQLiteConnection
  readonly #database: NodeSQLiteDatabase
  constructor(database: NodeSQLiteDatabase) {
    this.#database = database
    this.#connection = new NodeSQLiteConnection(database)
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // IMMEDIATE takes the write lock at BEGIN, so two processes never deadlock upgrading a read lock;
    // the other process waits for busy_timeout instead.
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    this.#database.close()
  }
}

type SQLiteValue = null | number | bigint | string | Uint8Array

/** Prepared statements kept per SQL text; Kysely emits a small, fixed set of shapes. */
const STATEMENT_CACHE_SIZE = 256

class NodeSQLiteConnection implements DatabaseConnection {
  readonly #database: NodeSQLiteDatabase
  /** Prepared statements by SQL text, with whether each returns rows (asked of SQLite once). */
  readonly #statements = new Map<string, { statement: StatementSync; returnsRows: boolean }>()
  constructor(database: NodeSQLiteDatabase) {
    this.#database = database
  }
  #prepare(text: string): { statement: StatementSync; returnsRows: boolean } {
    let prepared = this.#statements.get(text)
    if (prepared === undefined) {
      const statement = this.#database.prepare(text)
      prepared = { statement, returnsRows: statement.columns().length > 0 }
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#statements.keys().next().value
        if (oldest !== undefined) this.#statements.delete(oldest)
      }
      this.#statements.set(text, prepared)
    }
    return prepared
  }
  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { statement, returnsRows } = this.#prepare(compiledQuery.sql)
    const parameters = compiledQuery.parameters.map(toSQLiteValue)
    if (returnsRows) {
      return { rows: statement.all(...parameters) as R[] }
    }
    const { changes, lastInsertRowid } = statement.run(...parameters)
    return {
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    }
  }
  // eslint-style note: streaming is not used by Portcullis; Kysely requires the member.
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new TypeError('streamQuery is not supported by the node:sqlite driver')
  }
}

function toSQLiteValue(value: unknown): SQLiteValue {
  if (value === undefined || value === null) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'string' ||
    value instanceof Uint8Array
  ) {
    return value
  }
  throw new TypeError(`unsupported SQLite parameter type: ${typeof value}`)
}

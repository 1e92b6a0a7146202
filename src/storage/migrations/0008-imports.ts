/**
 * Bulk user import: runs, the rows of their files, and a result per row (its primary key is what makes a
 * row's result, and so its change, happen once). Outbox messages that carry a secret (an invitation link)
 * are rendered when sent: the row names what to render (`kind`, `ref_id`), never the secret itself.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('send_invitations', 'integer', (c) => c.notNull())
    .addColumn('created_by_type', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('next_row', 'integer', (c) => c.notNull())
    .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    // 0 while the file is being stored: nobody sees or works on the run until it is whole.
    .addColumn('ready', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createIndex('import_runs_org_created')
    .on('import_runs')
    .columns(['org_id', 'created_at', 'id'])
    .execute()
  await db.schema
    .createIndex('import_runs_status')
    .on('import_runs')
    .columns(['status', 'created_at'])
    .execute()

  await db.schema
    .createTable('import_rows')
    .addColumn('run_id', 'text', (c) =>
      c.notNull().references('import_runs.id').onDelete('cascade'),
    )
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('precheck', 'text')
    .addPrimaryKeyConstraint('import_rows_pk', ['run_id', 'row_number'])
    .execute()

  await db.schema
    .createTable('import_results')
    .addColumn('run_id', 'text', (c) =>
      c.notNull().references('import_runs.id').onDelete('cascade'),
    )
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('user_id', 'text')
    .addPrimaryKeyConstraint('import_results_pk', ['run_id', 'row_number'])
    .execute()

  await db.schema
    .alterTable('mail_outbox')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('text'))
    .execute()
  await db.schema.alterTable('mail_outbox').addColumn('ref_id', 'text').execute()
}

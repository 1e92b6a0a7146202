/** SQL for login transactions; completion is one conditional UPDATE (STYLE rule 12). */
import type { LoginTransaction } from '../../oidc/login-transaction.ts'
import type { LoginTransactionRepository } from '../../oidc/login-transaction-repository.ts'
import { insertRow } from '../bulk-insert.ts'
import type { Executor, LoginTransactionsTable } from '../database.ts'
import { precompiled } from '../precompiled.ts'
import type { SecondFactorMethod } from '../../sessions/session.ts'

// Every step of a sign-in reads its transaction; compiled once per engine (issue 29).
const FIND = precompiled((db: Executor, id: string) =>
  db.selectFrom('login_transactions').selectAll().where('id', '=', id),
)
const SET_EMAIL = precompiled((db: Executor, email: string, id: string) =>
  db
    .updateTable('login_transactions')
    // Another email: a password proved for the previous one no longer counts.
    .set({ email, first_factor_user_id: null, first_factor_at: null, enrolled_factor: null })
    .where('id', '=', id)
    .where('completed_at', 'is', null),
)
const COMPLETE = precompiled((db: Executor, now: number, id: string, notExpiredAt: number) =>
  db
    .updateTable('login_transactions')
    .set({ completed_at: now })
    .where('id', '=', id)
    .where('completed_at', 'is', null)
    .where('expires_at', '>', notExpiredAt),
)

export class SQLLoginTransactionRepository implements LoginTransactionRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(t: LoginTransaction): Promise<void> {
    await insertRow(this.#db, 'login_transactions', {
      id: t.id,
      client_id: t.clientId,
      redirect_uri: t.redirectUri,
      state: t.state,
      nonce: t.nonce,
      scope: t.scope,
      code_challenge: t.codeChallenge,
      binding_hash: t.bindingHash,
      csrf_token: t.csrfToken,
      email: t.email,
      force_authn: t.forceAuthn ? 1 : 0,
      ui_locales: t.uiLocales,
      created_at: t.createdAt,
      expires_at: t.expiresAt,
      completed_at: t.completedAt,
      first_factor_user_id: t.firstFactor?.userId ?? null,
      first_factor_at: t.firstFactor?.at ?? null,
      enrolled_factor: t.enrolledFactor,
    })
  }

  async find(id: string): Promise<LoginTransaction | undefined> {
    const [row] = await FIND.rows(this.#db, id)
    return row && toTransaction(row)
  }

  async setEmail(id: string, email: string): Promise<void> {
    await SET_EMAIL.run(this.#db, email, id)
  }

  async markFirstFactor(id: string, userId: string, at: number): Promise<void> {
    await this.#db
      .updateTable('login_transactions')
      .set({ first_factor_user_id: userId, first_factor_at: at, enrolled_factor: null })
      .where('id', '=', id)
      .where('completed_at', 'is', null)
      .execute()
  }

  async markEnrolled(id: string, userId: string, method: SecondFactorMethod): Promise<boolean> {
    const result = await this.#db
      .updateTable('login_transactions')
      .set({ enrolled_factor: method })
      .where('id', '=', id)
      .where('first_factor_user_id', '=', userId)
      .where('completed_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async complete(id: string, now: number): Promise<boolean> {
    const result = await COMPLETE.run(this.#db, now, id, now)
    return result.numAffectedRows === 1n
  }
}

function toTransaction(row: LoginTransactionsTable): LoginTransaction {
  return {
    id: row.id,
    clientId: row.client_id,
    redirectUri: row.redirect_uri,
    state: row.state,
    nonce: row.nonce,
    scope: row.scope,
    codeChallenge: row.code_challenge,
    bindingHash: row.binding_hash,
    csrfToken: row.csrf_token,
    email: row.email,
    forceAuthn: row.force_authn === 1,
    uiLocales: row.ui_locales,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    completedAt: row.completed_at,
    firstFactor:
      row.first_factor_user_id === null || row.first_factor_at === null
        ? null
        : { userId: row.first_factor_user_id, at: Number(row.first_factor_at) },
    enrolledFactor: row.enrolled_factor as SecondFactorMethod | null,
  }
}

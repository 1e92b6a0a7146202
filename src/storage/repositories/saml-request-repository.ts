/** SQL for pending AuthnRequests and the replay cache; both single-use by one statement. */
import type { ActorType } from '../../audit/audit-event.ts'
import type { SAMLRequest, SAMLRequestPurpose, TestTicket } from '../../saml/saml-request.ts'
import type { SAMLRequestRepository } from '../../saml/saml-request-repository.ts'
import { insertRow } from '../bulk-insert.ts'
import type { Executor, SAMLRequestsTable, SAMLTestTicketsTable } from '../database.ts'
import { precompiled } from '../precompiled.ts'

// Each SSO sign-in writes a request, consumes it at the ACS and records its assertion: compiled once
// per engine (issue 29). The consumption is one UPDATE that returns the row.
const CONSUME = precompiled(
  (
    db: Executor,
    now: number,
    profileId: string,
    id: string,
    bindingHash: string,
    notExpiredAt: number,
  ) =>
    pending(
      db.updateTable('saml_requests').set({ consumed_at: now }),
      profileId,
      id,
      bindingHash,
      notExpiredAt,
    ).returningAll(),
)
const RECORD_ASSERTION = precompiled(
  (db: Executor, issuer: string, assertionId: string, expiresAt: number) =>
    db
      .insertInto('saml_replay')
      .values({ issuer, assertion_id: assertionId, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['issuer', 'assertion_id']).doNothing()),
)

export class SQLSAMLRequestRepository implements SAMLRequestRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(r: SAMLRequest): Promise<void> {
    await insertRow(this.#db, 'saml_requests', {
      id: r.id,
      org_id: r.orgId,
      sso_profile_id: r.profileId,
      binding_hash: r.bindingHash,
      purpose: r.purpose,
      login_transaction_id: r.loginTransactionId,
      created_at: r.createdAt,
      expires_at: r.expiresAt,
      consumed_at: r.consumedAt,
      actor_type: r.actor?.type ?? null,
      actor_id: r.actor?.id ?? null,
    })
  }

  async findPending(
    profileId: string,
    id: string,
    bindingHash: string,
    now: number,
  ): Promise<SAMLRequest | undefined> {
    const row = await pending(
      this.#db.selectFrom('saml_requests').selectAll(),
      profileId,
      id,
      bindingHash,
      now,
    ).executeTakeFirst()
    return row && toRequest(row)
  }

  async consume(
    profileId: string,
    id: string,
    bindingHash: string,
    now: number,
  ): Promise<SAMLRequest | undefined> {
    const [row] = await CONSUME.rows(this.#db, now, profileId, id, bindingHash, now)
    return row && toRequest(row)
  }

  async insertTestTicket(t: TestTicket): Promise<void> {
    await this.#db
      .insertInto('saml_test_tickets')
      .values({
        ticket_hash: t.ticketHash,
        org_id: t.orgId,
        sso_profile_id: t.profileId,
        session_hash: t.sessionHash,
        actor_type: t.actor.type,
        actor_id: t.actor.id,
        purpose: t.purpose,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
        consumed_at: null,
      })
      .execute()
  }

  async findTestTicket(ticketHash: string, now: number): Promise<TestTicket | undefined> {
    const row = await this.#db
      .selectFrom('saml_test_tickets')
      .selectAll()
      .where('ticket_hash', '=', ticketHash)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    return row && toTicket(row)
  }

  async consumeTestTicket(ticketHash: string, now: number): Promise<TestTicket | undefined> {
    const result = await this.#db
      .updateTable('saml_test_tickets')
      .set({ consumed_at: now })
      .where('ticket_hash', '=', ticketHash)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    if (result.numUpdatedRows !== 1n) return undefined
    const row = await this.#db
      .selectFrom('saml_test_tickets')
      .selectAll()
      .where('ticket_hash', '=', ticketHash)
      .executeTakeFirstOrThrow()
    return toTicket(row)
  }

  async recordAssertion(issuer: string, assertionId: string, expiresAt: number): Promise<boolean> {
    const result = await RECORD_ASSERTION.run(this.#db, issuer, assertionId, expiresAt)
    return result.numAffectedRows === 1n
  }
}

/** The one definition of "still pending for this profile and browser" (STYLE rule 12). */
function pending<Q extends PendingFilterable<Q>>(
  query: Q,
  profileId: string,
  id: string,
  bindingHash: string,
  now: number,
): Q {
  return query
    .where('id', '=', id)
    .where('sso_profile_id', '=', profileId)
    .where('binding_hash', '=', bindingHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
}

/** A query on saml_requests that can take WHERE clauses and stays the same kind of query. */
interface PendingFilterable<Q> {
  where(
    column: 'id' | 'sso_profile_id' | 'binding_hash' | 'consumed_at' | 'expires_at',
    operator: '=' | 'is' | '>',
    value: string | number | null,
  ): Q
}

function toRequest(row: SAMLRequestsTable): SAMLRequest {
  return {
    id: row.id,
    orgId: row.org_id,
    profileId: row.sso_profile_id,
    bindingHash: row.binding_hash,
    purpose: row.purpose as SAMLRequestPurpose,
    loginTransactionId: row.login_transaction_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
    actor: row.actor_type === null ? null : { type: row.actor_type as ActorType, id: row.actor_id },
  }
}

function toTicket(row: SAMLTestTicketsTable): TestTicket {
  return {
    ticketHash: row.ticket_hash,
    orgId: row.org_id,
    profileId: row.sso_profile_id,
    sessionHash: row.session_hash,
    purpose: row.purpose === 'test_staged' ? 'test_staged' : 'test',
    actor: { type: (row.actor_type ?? 'system') as ActorType, id: row.actor_id },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  }
}

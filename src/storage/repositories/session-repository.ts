/** SQL for sessions. */
import {
  endedThresholds,
  type AuthMethod,
  type EndedSession,
  type SecondFactorMethod,
  type Session,
  type SessionLifetimes,
} from '../../sessions/session.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { Executor, SessionsTable } from '../database.ts'
import { precompiled } from '../precompiled.ts'
import { revokeForOrg, revokeForUser } from './revoke-for-user.ts'

// Every token request reads the code's session and records the client (issue 29: precompiled).
const FIND_BY_SID = precompiled((db: Executor, orgId: string, sid: string) =>
  db.selectFrom('sessions').selectAll().where('org_id', '=', orgId).where('sid', '=', sid),
)
const RECORD_CLIENT = precompiled(
  (db: Executor, sid: string, clientId: string, orgId: string, now: number) =>
    db
      .insertInto('session_clients')
      .values({ sid, client_id: clientId, org_id: orgId, created_at: now })
      .onConflict((oc) => oc.columns(['sid', 'client_id']).doNothing()),
)
const FIND_BY_ID_HASH = precompiled((db: Executor, idHash: string) =>
  db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash),
)

export class SQLSessionRepository implements SessionRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(session: Session): Promise<void> {
    await this.#db
      .insertInto('sessions')
      .values({
        id_hash: session.idHash,
        sid: session.sid,
        org_id: session.orgId,
        user_id: session.userId,
        auth_method: session.authMethod,
        second_factor: session.secondFactor,
        sso_profile_id: session.ssoProfileId,
        user_agent: session.userAgent,
        ip: session.ip,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        idle_expires_at: session.idleExpiresAt,
        expires_at: session.expiresAt,
        revoked_at: session.revokedAt,
      })
      .execute()
  }

  async findByIdHash(idHash: string): Promise<Session | undefined> {
    // Every request with a session cookie asks this: compiled once per engine.
    const [row] = await FIND_BY_ID_HASH.rows(this.#db, idHash)
    return row && toSession(row)
  }

  async findBySid(orgId: string, sid: string): Promise<Session | undefined> {
    const [row] = await FIND_BY_SID.rows(this.#db, orgId, sid)
    return row && toSession(row)
  }

  async touch(
    idHash: string,
    now: number,
    idleExpiresAt: number,
    expiresAt: number,
  ): Promise<void> {
    await this.#db
      .updateTable('sessions')
      .set({ last_seen_at: now, idle_expires_at: idleExpiresAt, expires_at: expiresAt })
      .where('id_hash', '=', idHash)
      .where('revoked_at', 'is', null)
      .execute()
  }

  async revoke(idHash: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('id_hash', '=', idHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async endExpired(
    orgId: string,
    lifetimes: SessionLifetimes,
    now: number,
  ): Promise<EndedSession[]> {
    const { createdBy, lastSeenBy } = endedThresholds(lifetimes, now)
    const rows = await this.#db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('org_id', '=', orgId)
      .where('revoked_at', 'is', null)
      .where((eb) =>
        eb.or([eb('created_at', '<=', createdBy), eb('last_seen_at', '<=', lastSeenBy)]),
      )
      .returning(['sid', 'user_id'])
      .execute()
    return rows.map(toEnded)
  }

  async revokeAllForUser(orgId: string, userId: string, now: number): Promise<EndedSession[]> {
    const rows = await revokeForUser(this.#db, 'sessions', orgId, userId, now)
      .returning(['sid', 'user_id'])
      .execute()
    return rows.map(toEnded)
  }

  async listLiveForUser(orgId: string, userId: string, now: number): Promise<Session[]> {
    const rows = await this.#db
      .selectFrom('sessions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('idle_expires_at', '>', now)
      .orderBy('last_seen_at', 'desc')
      .limit(100)
      .execute()
    return rows.map(toSession)
  }

  async revokeForUser(
    orgId: string,
    userId: string,
    which: { readonly sids: readonly string[] } | { readonly exceptIdHash: string },
    now: number,
  ): Promise<EndedSession[]> {
    if ('sids' in which && which.sids.length === 0) return []
    const rows = await revokeForUser(this.#db, 'sessions', orgId, userId, now)
      .where((eb) =>
        'sids' in which ? eb('sid', 'in', which.sids) : eb('id_hash', '!=', which.exceptIdHash),
      )
      .returning(['sid', 'user_id'])
      .execute()
    return rows.map(toEnded)
  }

  async revokeAllForOrg(orgId: string, now: number): Promise<EndedSession[]> {
    const rows = await revokeForOrg(this.#db, 'sessions', orgId, now)
      .returning(['sid', 'user_id'])
      .execute()
    return rows.map(toEnded)
  }

  async recordClient(orgId: string, sid: string, clientId: string, now: number): Promise<void> {
    await RECORD_CLIENT.run(this.#db, sid, clientId, orgId, now)
  }

  async clientsOfSession(sid: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('session_clients')
      .select('client_id')
      .where('sid', '=', sid)
      .orderBy('client_id')
      .execute()
    return rows.map((row) => row.client_id)
  }
}

function toEnded(row: { sid: string | null; user_id: string }): EndedSession {
  return { sid: row.sid ?? '', userId: row.user_id }
}

function toSession(row: SessionsTable): Session {
  return {
    idHash: row.id_hash,
    sid: row.sid ?? '',
    orgId: row.org_id,
    userId: row.user_id,
    authMethod: row.auth_method as AuthMethod,
    secondFactor: row.second_factor as SecondFactorMethod | null,
    ssoProfileId: row.sso_profile_id,
    userAgent: row.user_agent,
    ip: row.ip,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    idleExpiresAt: row.idle_expires_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }
}

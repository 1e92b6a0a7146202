/**
 * The console applications registered as OIDC clients (SPEC §7 `client create`, issue 23 operator API):
 * register, list, read, change, delete, and rotate a confidential client's secret with an overlap in
 * which the previous secret still works. The Admin Center's own client is Portcullis's to manage.
 */
import { OPERATOR_CLI, type Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import { newSecret } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import {
  ADMIN_CENTER_CLIENT_ID,
  DEFAULT_SECRET_OVERLAP_SECONDS,
  MAX_SECRET_OVERLAP_SECONDS,
  validateClientName,
  validateBackchannelLogoutUri,
  validateIdTokenAlg,
  validateInitiateLoginUri,
  validateRedirectUris,
  type OIDCClient,
} from '../../oidc/oidc-client.ts'
import type { OIDCClientRepository } from '../../oidc/oidc-client-repository.ts'

export interface OIDCClientServiceDeps {
  readonly store: Store<{ clients: OIDCClientRepository; audit: AuditRepository }>
  readonly clock: Clock
}

export interface CreateClientInput {
  readonly name: unknown
  readonly redirectUris: readonly unknown[]
  readonly postLogoutRedirectUris?: readonly unknown[]
  readonly initiateLoginUri?: unknown
  /** `RS256` (default), `ES256` or `EdDSA`. */
  readonly idTokenAlg?: unknown
  /** A confidential client gets a secret, shown once. */
  readonly confidential: boolean
  /** Where logout tokens go when a session of this client ends (Back-Channel Logout). */
  readonly backchannelLogoutUri?: unknown
}

/** What may change of a registered client (whether it is confidential may not). */
export interface ClientPatch {
  readonly name?: unknown
  readonly redirectUris?: readonly unknown[]
  readonly postLogoutRedirectUris?: readonly unknown[]
  /** A URI, or null to remove it. */
  readonly initiateLoginUri?: unknown
  readonly idTokenAlg?: unknown
  /** A URI, or null to remove it. */
  readonly backchannelLogoutUri?: unknown
}

export interface CreateClientResult {
  readonly clientId: string
  readonly clientSecret?: string
  readonly client: OIDCClient
}

export class OIDCClientService {
  readonly #deps: OIDCClientServiceDeps

  constructor(deps: OIDCClientServiceDeps) {
    this.#deps = deps
  }

  /**
   * Registers (or brings up to date) the Admin Center's client for `publicUrl`: public, PKCE, its
   * callback and sign-out pages under `/admin`. Run at every start, so a new PUBLIC_URL follows.
   */
  async ensureAdminCenterClient(publicUrl: string): Promise<void> {
    const now = this.#deps.clock.now()
    await this.#deps.store.read.clients.upsert({
      id: ADMIN_CENTER_CLIENT_ID,
      name: 'Portcullis Admin Center',
      redirectUris: [`${publicUrl}/admin/callback`],
      secretHash: null,
      postLogoutRedirectUris: [`${publicUrl}/admin/signed-out`],
      initiateLoginUri: `${publicUrl}/admin`,
      idTokenAlg: 'ES256',
      createdAt: now,
      updatedAt: now,
      disabledAt: null,
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      backchannelLogoutUri: null,
    })
  }

  async createClient(
    input: CreateClientInput,
    actor: Actor = OPERATOR_CLI,
  ): Promise<CreateClientResult> {
    const { clock, store } = this.#deps
    const name = validateClientName(input.name)
    const redirectUris = validateRedirectUris(input.redirectUris)
    const postLogoutRedirectUris = validateRedirectUris(input.postLogoutRedirectUris ?? [], true)
    const secret = input.confidential ? newSecret('pcs_') : undefined
    const now = clock.now()
    const client: OIDCClient = {
      id: newClientId(),
      name,
      redirectUris,
      secretHash: secret === undefined ? null : hashSecret(secret),
      postLogoutRedirectUris,
      initiateLoginUri: validateInitiateLoginUri(input.initiateLoginUri),
      idTokenAlg: validateIdTokenAlg(input.idTokenAlg),
      createdAt: now,
      updatedAt: now,
      disabledAt: null,
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      backchannelLogoutUri: validateBackchannelLogoutUri(input.backchannelLogoutUri),
    }
    await store.transaction(async ({ clients, audit }) => {
      await clients.insert(client)
      await audit.insert(
        this.#event('client.created', actor, client, {
          name,
          redirectUris,
          confidential: input.confidential,
          idTokenAlg: client.idTokenAlg,
        }),
      )
    })
    return secret === undefined
      ? { clientId: client.id, client }
      : { clientId: client.id, clientSecret: secret, client }
  }

  list(): Promise<OIDCClient[]> {
    return this.#deps.store.read.clients.list()
  }

  async get(clientId: string): Promise<OIDCClient> {
    const client = await this.#deps.store.read.clients.findById(clientId)
    if (client === undefined) throw new AppError('client.not_found')
    return client
  }

  /** Changes what `patch` names, with the rules of registration; audited with what changed. */
  async update(clientId: string, patch: ClientPatch, actor: Actor): Promise<OIDCClient> {
    const change: Partial<OIDCClient> = {
      ...(patch.name === undefined ? {} : { name: validateClientName(patch.name) }),
      ...(patch.redirectUris === undefined
        ? {}
        : { redirectUris: validateRedirectUris(patch.redirectUris) }),
      ...(patch.postLogoutRedirectUris === undefined
        ? {}
        : { postLogoutRedirectUris: validateRedirectUris(patch.postLogoutRedirectUris, true) }),
      ...(patch.initiateLoginUri === undefined
        ? {}
        : { initiateLoginUri: validateInitiateLoginUri(patch.initiateLoginUri) }),
      ...(patch.idTokenAlg === undefined
        ? {}
        : { idTokenAlg: validateIdTokenAlg(patch.idTokenAlg) }),
      ...(patch.backchannelLogoutUri === undefined
        ? {}
        : { backchannelLogoutUri: validateBackchannelLogoutUri(patch.backchannelLogoutUri) }),
    }
    return this.#change(clientId, actor, 'client.updated', (before) => {
      const fields = Object.keys(change) as (keyof OIDCClient)[]
      const changed = fields.filter(
        (field) => JSON.stringify(before[field]) !== JSON.stringify(change[field]),
      )
      return {
        client: { ...before, ...change },
        details: Object.fromEntries(
          changed.map((field) => [field, { from: before[field], to: change[field] }]),
        ),
      }
    })
  }

  /**
   * A new secret for a confidential client, returned this once; the previous one keeps working for
   * `overlapSeconds` (default a day) so the console can be redeployed with the new one, then stops.
   */
  async rotateSecret(
    clientId: string,
    overlapSeconds: number | undefined,
    actor: Actor,
  ): Promise<{ client: OIDCClient; clientSecret: string }> {
    const overlap = overlapSeconds ?? DEFAULT_SECRET_OVERLAP_SECONDS
    if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_SECRET_OVERLAP_SECONDS) {
      throw new AppError('request.invalid', {
        details: {
          field: 'previousSecretValidSeconds',
          reason: `0 to ${MAX_SECRET_OVERLAP_SECONDS}`,
        },
      })
    }
    const secret = newSecret('pcs_')
    const now = this.#deps.clock.now()
    const client = await this.#change(clientId, actor, 'client.secret_rotated', (before) => {
      if (before.secretHash === null) throw new AppError('client.not_confidential')
      return {
        client: {
          ...before,
          secretHash: hashSecret(secret),
          previousSecretHash: overlap === 0 ? null : before.secretHash,
          previousSecretExpiresAt: overlap === 0 ? null : now + overlap * 1000,
        },
        details: { previousSecretValidUntil: new Date(now + overlap * 1000).toISOString() },
      }
    })
    return { client, clientSecret: secret }
  }

  /** Deletes the client: its sign-ins in progress end; tokens it was issued expire as they would. */
  async delete(clientId: string, actor: Actor): Promise<void> {
    if (clientId === ADMIN_CENTER_CLIENT_ID) throw new AppError('client.builtin')
    await this.#deps.store.transaction(async ({ clients, audit }) => {
      const client = await clients.findById(clientId)
      if (client === undefined || !(await clients.delete(clientId))) {
        throw new AppError('client.not_found')
      }
      await audit.insert(this.#event('client.deleted', actor, client, { name: client.name }))
    })
  }

  async #change(
    clientId: string,
    actor: Actor,
    type: string,
    apply: (before: OIDCClient) => { client: OIDCClient; details: Record<string, unknown> },
  ): Promise<OIDCClient> {
    if (clientId === ADMIN_CENTER_CLIENT_ID) throw new AppError('client.builtin')
    const now = this.#deps.clock.now()
    return this.#deps.store.transaction(async ({ clients, audit }) => {
      const before = (await clients.lockForChange(clientId))
        ? await clients.findById(clientId)
        : undefined
      if (before === undefined) throw new AppError('client.not_found')
      const { client, details } = apply(before)
      const after = { ...client, updatedAt: now }
      await clients.update(after)
      await audit.insert(this.#event(type, actor, after, details))
      return after
    })
  }

  #event(type: string, actor: Actor, client: OIDCClient, details: Record<string, unknown>) {
    return auditEvent(this.#deps.clock, {
      orgId: null,
      type,
      outcome: 'success',
      actor,
      target: { type: 'oidc_client', id: client.id },
      details,
    })
  }
}

/**
 * A client id: 144 random bits, base64url — never starting with `-` or `_`, which command lines read as
 * an option (`portcullis webhook create --client -abc…` was refused as ambiguous, 1 id in 32).
 */
function newClientId(): string {
  for (;;) {
    const id = newSecret('', 18)
    if (/^[A-Za-z0-9]/.test(id)) return id
  }
}

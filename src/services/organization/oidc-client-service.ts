/** Registering console applications as OIDC clients (SPEC §7 `client create`). */
import { OPERATOR_CLI, type Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import { newSecret } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import {
  ADMIN_CENTER_CLIENT_ID,
  validateClientName,
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
}

export interface CreateClientResult {
  readonly clientId: string
  readonly clientSecret?: string
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
      id: newSecret('', 18),
      name,
      redirectUris,
      secretHash: secret === undefined ? null : hashSecret(secret),
      postLogoutRedirectUris,
      initiateLoginUri: validateInitiateLoginUri(input.initiateLoginUri),
      idTokenAlg: validateIdTokenAlg(input.idTokenAlg),
      createdAt: now,
      updatedAt: now,
      disabledAt: null,
    }
    await store.transaction(async ({ clients, audit }) => {
      await clients.insert(client)
      await audit.insert(
        auditEvent(clock, {
          orgId: null,
          type: 'client.created',
          outcome: 'success',
          actor,
          target: { type: 'oidc_client', id: client.id },
          details: {
            name,
            redirectUris,
            confidential: input.confidential,
            idTokenAlg: client.idTokenAlg,
          },
        }),
      )
    })
    return secret === undefined
      ? { clientId: client.id }
      : { clientId: client.id, clientSecret: secret }
  }
}

/**
 * A person's own second factors (issue 25): enrolling an authenticator app (the secret shown once as a
 * QR code — SVG made on the server, no script — and as text; it counts once a code from the app is
 * accepted), naming and removing factors, recovery codes (shown once, regenerating kills the old), and
 * an admin's reset. Every change audited.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { FactorRepository } from '../../factors/factor-repository.ts'
import { newRecoveryCodes, recoveryCodeHash } from '../../factors/recovery-codes.ts'
import {
  isUsable,
  MAX_FACTORS_PER_USER,
  validateFactorName,
  type SecondFactor,
} from '../../factors/second-factor.ts'
import { newTotpSecret, totpStep, totpUri } from '../../factors/totp.ts'
import type { Clock } from '../../platform/clock.ts'
import { newId } from '../../platform/random.ts'
import type { SecretBox } from '../../platform/secret-box.ts'
import type { Store } from '../../platform/store.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { notifyUser } from './notify-user.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { MailSender } from '../../platform/mail.ts'
import { mailIn } from '../../mail/mail-texts.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'

export interface FactorServiceDeps {
  readonly store: Store<{
    factors: FactorRepository
    users: UserRepository
    outbox: OutboxRepository
    orgs: OrganizationRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly secrets: SecretBox
  /** Tells a user their factors were reset (through the outbox; nothing when mail is off). */
  readonly mailer: MailSender
  /** The issuer an authenticator app shows next to the code (the product's name). */
  readonly issuerName: string
}

export interface TotpEnrolment {
  readonly factor: SecondFactor
  /** Base32, for typing in by hand. */
  readonly secret: string
  readonly uri: string
  /** The URI as a QR code, an SVG document. */
  readonly qrSvg: string
}

export class FactorService {
  readonly #deps: FactorServiceDeps

  constructor(deps: FactorServiceDeps) {
    this.#deps = deps
  }

  async list(orgId: string, userId: string): Promise<SecondFactor[]> {
    return this.#deps.store.read.factors.listForUser(orgId, userId)
  }

  /** A new, unconfirmed authenticator-app factor and what the app needs to read it. */
  async startTotp(orgId: string, userId: string, rawName: unknown): Promise<TotpEnrolment> {
    const { store, clock, secrets } = this.#deps
    const name = validateFactorName(rawName, 'Authenticator app')
    const user = await store.read.users.findById(orgId, userId)
    if (user === undefined) throw new AppError('user.not_found')
    const secret = newTotpSecret()
    const id = newId()
    const factor: SecondFactor = {
      id,
      orgId,
      userId,
      kind: 'totp',
      name,
      secretSealed: secrets.seal(secret, id),
      lastUsedStep: null,
      credentialId: null,
      publicKey: null,
      signCount: null,
      transports: [],
      confirmedAt: null,
      createdAt: clock.now(),
      lastUsedAt: null,
    }
    await store.transaction(async ({ factors }) => {
      // A new start replaces an app set up but never confirmed (a reload, a second try).
      const existing = await factors.listForUser(orgId, userId)
      for (const stale of existing.filter((f) => f.kind === 'totp' && !isUsable(f))) {
        await factors.delete(orgId, stale.id)
      }
      if (existing.filter(isUsable).length >= MAX_FACTORS_PER_USER) {
        throw new AppError('factor.too_many')
      }
      await factors.insert(factor)
    })
    return this.#enrolment(factor, user.email, secret)
  }

  /** An authenticator app set up but not yet confirmed, shown again (after a wrong code). */
  async showTotp(orgId: string, userId: string, factorId: unknown): Promise<TotpEnrolment> {
    const { store, secrets } = this.#deps
    const factor =
      typeof factorId === 'string' && factorId.length <= 64
        ? await store.read.factors.find(orgId, factorId)
        : undefined
    const user = await store.read.users.findById(orgId, userId)
    if (
      user === undefined ||
      factor?.userId !== userId ||
      factor.kind !== 'totp' ||
      factor.secretSealed === null ||
      isUsable(factor)
    ) {
      throw new AppError('factor.not_found')
    }
    return this.#enrolment(factor, user.email, secrets.open(factor.secretSealed, factor.id))
  }

  async #enrolment(factor: SecondFactor, email: string, secret: string): Promise<TotpEnrolment> {
    const uri = totpUri(this.#deps.issuerName, email, secret)
    // Loaded at the first enrolment, not at start (most sign-ins never draw a QR code).
    const { default: QRCode } = await import('qrcode')
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
    return { factor, secret, uri, qrSvg }
  }

  /** Confirms an authenticator app with a code it shows (the code is used up). */
  async confirmTotp(
    orgId: string,
    userId: string,
    factorId: unknown,
    code: unknown,
    actor: Actor,
  ): Promise<SecondFactor> {
    const { store, clock, secrets } = this.#deps
    const factor =
      typeof factorId === 'string' && factorId.length <= 64
        ? await store.read.factors.find(orgId, factorId)
        : undefined
    if (factor?.userId !== userId || factor.kind !== 'totp' || factor.secretSealed === null) {
      throw new AppError('factor.not_found')
    }
    const now = clock.now()
    const step = await totpStep(secrets.open(factor.secretSealed, factor.id), code, now)
    return store.transaction(async ({ factors, audit }) => {
      if (step === undefined || !(await factors.useTotpStep(orgId, factor.id, step, now))) {
        throw new AppError('factor.invalid_code')
      }
      if (!(await factors.confirm(orgId, factor.id, now))) throw new AppError('factor.not_found')
      await audit.insert(this.#audit(orgId, userId, 'user.factor_added', actor, factor))
      return { ...factor, confirmedAt: now, lastUsedStep: step, lastUsedAt: now }
    })
  }

  async rename(orgId: string, userId: string, factorId: string, rawName: unknown): Promise<void> {
    const name = validateFactorName(rawName, 'Sign-in method')
    const factor = await this.#own(orgId, userId, factorId)
    await this.#deps.store.read.factors.rename(orgId, factor.id, name)
  }

  /**
   * Removes one factor. `keepOne`: never the user's last usable one (`factor.required`) — checked with
   * the user's row locked, so two removals at once cannot each see the other's factor and take both.
   */
  async remove(
    orgId: string,
    userId: string,
    factorId: string,
    actor: Actor,
    options: { readonly keepOne?: boolean } = {},
  ): Promise<void> {
    const factor = await this.#own(orgId, userId, factorId)
    await this.#deps.store.transaction(async ({ factors, users, audit }) => {
      if (options.keepOne === true) {
        if (!(await users.lockForChange(orgId, userId))) throw new AppError('user.not_found')
        const usable = (await factors.listForUser(orgId, userId)).filter(isUsable)
        if (usable.every((f) => f.id === factor.id)) throw new AppError('factor.required')
      }
      if (!(await factors.delete(orgId, factor.id))) throw new AppError('factor.not_found')
      await audit.insert(this.#audit(orgId, userId, 'user.factor_removed', actor, factor))
    })
  }

  /** Ten new recovery codes, returned this once; the old ones stop working. */
  async regenerateRecoveryCodes(orgId: string, userId: string, actor: Actor): Promise<string[]> {
    const { store, clock } = this.#deps
    const codes = newRecoveryCodes()
    const hashes = codes.map((code) => recoveryCodeHash(code) ?? '')
    await store.transaction(async ({ factors, audit }) => {
      await factors.replaceRecoveryCodes(orgId, userId, hashes, clock.now())
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'user.recovery_codes_generated',
          outcome: 'success',
          actor,
          target: { type: 'user', id: userId },
        }),
      )
    })
    return codes
  }

  async recoveryCodesLeft(orgId: string, userId: string): Promise<number> {
    return this.#deps.store.read.factors.countRecoveryCodes(orgId, userId)
  }

  /** An admin's (or the operator's) reset: every factor and recovery code of the user goes. */
  async reset(orgId: string, userId: string, actor: Actor): Promise<number> {
    const { store, clock } = this.#deps
    return store.transaction(async ({ factors, users, outbox, orgs, audit }) => {
      const user = await users.findById(orgId, userId)
      if (user === undefined) throw new AppError('user.not_found')
      const removed = await factors.deleteAllForUser(orgId, userId)
      await notifyUser({ outbox, orgs }, this.#deps, user, (locale) =>
        mailIn(locale, 'factorsReset', { email: user.email }),
      )
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'user.factors_reset',
          outcome: 'success',
          actor,
          target: { type: 'user', id: userId },
          details: { removed },
        }),
      )
      return removed
    })
  }

  async #own(orgId: string, userId: string, factorId: string): Promise<SecondFactor> {
    const factor = await this.#deps.store.read.factors.find(orgId, factorId)
    if (factor?.userId !== userId) throw new AppError('factor.not_found')
    return factor
  }

  #audit(orgId: string, userId: string, type: string, actor: Actor, factor: SecondFactor) {
    return auditEvent(this.#deps.clock, {
      orgId,
      type,
      outcome: 'success',
      actor,
      target: { type: 'user', id: userId },
      details: { factorId: factor.id, kind: factor.kind, name: factor.name },
    })
  }
}

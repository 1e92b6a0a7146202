/**
 * The second step of a password sign-in (issue 25): an authenticator app's code, taken once (its time
 * step recorded in one conditional UPDATE, so a code cannot be used twice even on two instances at
 * once), or a recovery code, used once and audited. Returns the `amr` value it proved, or undefined.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { FactorRepository } from '../../factors/factor-repository.ts'
import { recoveryCodeHash } from '../../factors/recovery-codes.ts'
import { isUsable } from '../../factors/second-factor.ts'
import { totpStep } from '../../factors/totp.ts'
import type { Clock } from '../../platform/clock.ts'
import type { SecretBox } from '../../platform/secret-box.ts'
import type { SecondFactorMethod } from '../../sessions/session.ts'
import type { User } from '../../users/user.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { MailSender } from '../../platform/mail.ts'
import { notifyUser } from './notify-user.ts'
import { mailIn } from '../../mail/mail-texts.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'

export interface SecondFactorInput {
  /** Six digits from an authenticator app. */
  readonly code?: unknown
  /** One of the user's recovery codes, instead. */
  readonly recoveryCode?: unknown
  /** A passkey's answer (WebAuthn assertion, JSON), instead. */
  readonly passkey?: unknown
}

/** How long after the right password the second factor may be given. */
export const SECOND_STEP_MS = 5 * 60_000

/** Whether the user has a second factor that counts (then a password alone never signs them in). */
export async function hasSecondFactor(factors: FactorRepository, user: User): Promise<boolean> {
  return (await factors.listForUser(user.orgId, user.id)).some(isUsable)
}

export async function checkSecondFactor(
  repos: {
    readonly factors: FactorRepository
    readonly audit: AuditRepository
    readonly outbox: OutboxRepository
    readonly orgs: OrganizationRepository
  },
  deps: { readonly clock: Clock; readonly secrets: SecretBox; readonly mailer: MailSender },
  user: User,
  input: SecondFactorInput,
  actor: Actor,
): Promise<SecondFactorMethod | undefined> {
  const now = deps.clock.now()
  if (input.recoveryCode !== undefined && input.recoveryCode !== '') {
    const hash = recoveryCodeHash(input.recoveryCode)
    if (
      hash === undefined ||
      !(await repos.factors.useRecoveryCode(user.orgId, user.id, hash, now))
    )
      return undefined
    const left = await repos.factors.countRecoveryCodes(user.orgId, user.id)
    await repos.audit.insert(
      auditEvent(deps.clock, {
        orgId: user.orgId,
        type: 'user.recovery_code_used',
        outcome: 'success',
        actor,
        target: { type: 'user', id: user.id },
        details: { left },
      }),
    )
    // The user hears of it: if it was not them, their codes are known to someone else.
    await notifyUser(repos, deps, user, (locale) =>
      mailIn(locale, 'recoveryCodeUsed', { email: user.email, left }),
    )
    return 'otp'
  }
  const factors = await repos.factors.listForUser(user.orgId, user.id)
  for (const factor of factors) {
    if (factor.kind !== 'totp' || !isUsable(factor) || factor.secretSealed === null) continue
    const secret = deps.secrets.open(factor.secretSealed, factor.id)
    const step = await totpStep(secret, input.code, now)
    if (step !== undefined && (await repos.factors.useTotpStep(user.orgId, factor.id, step, now))) {
      return 'otp'
    }
  }
  return undefined
}

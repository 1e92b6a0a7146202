/**
 * Every mail Portcullis writes, in English and German (issue 27), each as a plain-text part and an HTML
 * part made from the same blocks: paragraphs, and at most one link to act on. The recipient's language is
 * theirs when known (their last sign-in's pages), else their organization's (`recipientLocale`).
 */
import { escapeHTML } from '../platform/escape-html.ts'
import type { Locale } from '../platform/locales.ts'
import type { MailMessage } from '../platform/mail.ts'

/** A paragraph, or the link the mail asks the reader to follow. */
export type MailBlock = string | { readonly link: string; readonly label: string }

export interface MailParts {
  readonly subject: string
  readonly blocks: readonly MailBlock[]
}

export type Rendered = Omit<MailMessage, 'to'> & { readonly html: string }

/** What an SSO profile's expiry warning is about (sso-profiles/expiry.ts's codes; the compiler checks). */
export type ProfileWarningCode =
  'metadata_expired' | 'metadata_expires_soon' | 'certificates_expired' | 'certificate_expires_soon'

/** Plain text (the link on its own line) and HTML (escaped, the link as a link) of the same blocks. */
export function renderMail(parts: MailParts, locale: Locale): Rendered {
  const text = parts.blocks
    .map((block) => (typeof block === 'string' ? block : `${block.label}\n${block.link}`))
    .join('\n\n')
  const body = parts.blocks
    .map((block) =>
      typeof block === 'string'
        ? `<p>${escapeHTML(block)}</p>`
        : `<p><a href="${escapeHTML(block.link)}">${escapeHTML(block.label)}</a></p>`,
    )
    .join('\n')
  const html = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${escapeHTML(parts.subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40em">
${body}
</body>
</html>
`
  return { subject: parts.subject, text, html }
}

interface Texts {
  invitation(p: { organization: string; url: string }): MailParts
  reset(p: { email: string; organization: string; url: string }): MailParts
  resetForced(p: { email: string; organization: string; url: string }): MailParts
  resetSso(p: { email: string; organization: string }): MailParts
  resetNotActivated(p: { email: string; organization: string }): MailParts
  factorsReset(p: { email: string }): MailParts
  recoveryCodeUsed(p: { email: string; left: number }): MailParts
  profileWarning(p: { profile: string; warning: ProfileWarningCode; when: string }): MailParts
  metadataChanged(p: {
    profile: string
    change: 'changed' | 'held' | 'refused'
    details: readonly string[]
    url: string
  }): MailParts
}

const EN: Texts = {
  invitation: ({ organization, url }) => ({
    subject: `You are invited to ${organization}`,
    blocks: [
      `You have been invited to sign in to ${organization}.`,
      { label: 'Set your password here (the link works once):', link: url },
      'If you did not expect this, ignore this message.',
    ],
  }),
  reset: ({ email, organization, url }) => ({
    subject: `Reset your ${organization} password`,
    blocks: [
      `Someone asked to reset the password of ${email}.`,
      { label: 'Choose a new password here (the link works once, for one hour):', link: url },
      'Setting a new password signs you out everywhere. If you did not ask for this, ignore this message: your password stays as it is.',
    ],
  }),
  resetForced: ({ email, organization, url }) => ({
    subject: `Choose a new ${organization} password`,
    blocks: [
      `An administrator of ${organization} reset the password of ${email}: the old one no longer works, and you were signed out everywhere.`,
      { label: 'Choose a new password here (the link works once, for one hour):', link: url },
      'If you did not expect this, ask your administrator.',
    ],
  }),
  resetSso: ({ email, organization }) => ({
    subject: `Signing in to ${organization}`,
    blocks: [
      `Someone asked to reset the password of ${email}.`,
      `${organization} signs you in with single sign-on: you need no password here. Enter your email address on the sign-in page and you will be sent to your organization's sign-in.`,
      'If you did not ask for this, ignore this message.',
    ],
  }),
  resetNotActivated: ({ email, organization }) => ({
    subject: `Your ${organization} account is not activated yet`,
    blocks: [
      `Someone asked to reset the password of ${email}.`,
      'This account has not been activated yet. Use the invitation your administrator sent, or ask them to send a new one.',
      'If you did not ask for this, ignore this message.',
    ],
  }),
  factorsReset: ({ email }) => ({
    subject: 'Your two-step sign-in was reset',
    blocks: [
      `An administrator removed the authenticator apps, passkeys and recovery codes of ${email}. Until you add one again, your password alone signs you in.`,
      'If you did not ask for this, tell your administrator at once.',
    ],
  }),
  recoveryCodeUsed: ({ email, left }) => ({
    subject: 'A recovery code was used to sign in to your account',
    blocks: [
      `A recovery code was just used to sign in as ${email}. You have ${left} left.`,
      'If this was not you, tell your administrator at once: they can reset your sign-in methods.',
    ],
  }),
  profileWarning: ({ profile, warning, when }) => ({
    subject: `Single sign-on: "${profile}" needs attention`,
    blocks: [
      {
        metadata_expired:
          'The IdP metadata has expired: the profile signs nobody in until it is renewed.',
        metadata_expires_soon: 'The IdP metadata expires soon.',
        certificate_expires_soon: 'An IdP signing certificate expires soon.',
        certificates_expired:
          'Every IdP signing certificate has expired: the profile signs nobody in until a valid one is pinned.',
      }[warning],
      `SSO profile: ${profile}. When: ${when}.`,
      'Renew the IdP metadata or pin the new certificate in the Admin Center.',
    ],
  }),
  metadataChanged: ({ profile, change, details, url }) => {
    const what = {
      changed: 'has changed and is now in use',
      held: 'has changed; the change waits for your approval',
      refused: 'changed in a way Portcullis refused; the last good copy stays in use',
    }[change]
    return {
      subject: `Single sign-on: the IdP metadata of "${profile}" ${what}`,
      blocks: [
        `The identity provider metadata of the SSO profile "${profile}" ${what}.`,
        ...details,
        `Metadata URL: ${url}`,
        change === 'held'
          ? 'Approve it by running a connection test of the held metadata, or reject it, in the Admin Center.'
          : 'If you did not expect this, check the profile in the Admin Center and the audit log.',
      ],
    }
  },
}

const DE: Texts = {
  invitation: ({ organization, url }) => ({
    subject: `Sie sind zu ${organization} eingeladen`,
    blocks: [
      `Sie wurden eingeladen, sich bei ${organization} anzumelden.`,
      { label: 'Wählen Sie hier Ihr Passwort (der Link funktioniert einmal):', link: url },
      'Wenn Sie das nicht erwartet haben, ignorieren Sie diese Nachricht.',
    ],
  }),
  reset: ({ email, organization, url }) => ({
    subject: `Ihr Passwort für ${organization} zurücksetzen`,
    blocks: [
      `Jemand hat darum gebeten, das Passwort von ${email} zurückzusetzen.`,
      {
        label:
          'Wählen Sie hier ein neues Passwort (der Link funktioniert einmal, eine Stunde lang):',
        link: url,
      },
      'Ein neues Passwort meldet Sie überall ab. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt, wie es ist.',
    ],
  }),
  resetForced: ({ email, organization, url }) => ({
    subject: `Wählen Sie ein neues Passwort für ${organization}`,
    blocks: [
      `Ein Admin von ${organization} hat das Passwort von ${email} zurückgesetzt: Das alte funktioniert nicht mehr, und Sie wurden überall abgemeldet.`,
      {
        label:
          'Wählen Sie hier ein neues Passwort (der Link funktioniert einmal, eine Stunde lang):',
        link: url,
      },
      'Wenn Sie das nicht erwartet haben, fragen Sie Ihren Admin.',
    ],
  }),
  resetSso: ({ email, organization }) => ({
    subject: `Anmeldung bei ${organization}`,
    blocks: [
      `Jemand hat darum gebeten, das Passwort von ${email} zurückzusetzen.`,
      `${organization} meldet Sie per Single Sign-on an: Hier brauchen Sie kein Passwort. Geben Sie auf der Anmeldeseite Ihre E-Mail-Adresse ein, dann werden Sie zur Anmeldung Ihrer Organisation weitergeleitet.`,
      'Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.',
    ],
  }),
  resetNotActivated: ({ email, organization }) => ({
    subject: `Ihr Konto bei ${organization} ist noch nicht aktiviert`,
    blocks: [
      `Jemand hat darum gebeten, das Passwort von ${email} zurückzusetzen.`,
      'Dieses Konto wurde noch nicht aktiviert. Nutzen Sie die Einladung Ihres Admins oder bitten Sie um eine neue.',
      'Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.',
    ],
  }),
  factorsReset: ({ email }) => ({
    subject: 'Ihre zweistufige Anmeldung wurde zurückgesetzt',
    blocks: [
      `Ein Admin hat die Authenticator-Apps, Passkeys und Wiederherstellungscodes von ${email} entfernt. Bis Sie wieder einen hinzufügen, meldet Sie allein Ihr Passwort an.`,
      'Wenn Sie das nicht veranlasst haben, sagen Sie es sofort Ihrem Admin.',
    ],
  }),
  recoveryCodeUsed: ({ email, left }) => ({
    subject: 'Mit einem Wiederherstellungscode wurde sich bei Ihrem Konto angemeldet',
    blocks: [
      `Soeben wurde ein Wiederherstellungscode verwendet, um sich als ${email} anzumelden. Sie haben noch ${left}.`,
      'Wenn Sie das nicht waren, sagen Sie es sofort Ihrem Admin: Er kann Ihre Anmeldemethoden zurücksetzen.',
    ],
  }),
  profileWarning: ({ profile, warning, when }) => ({
    subject: `Single Sign-on: „${profile}“ braucht Aufmerksamkeit`,
    blocks: [
      {
        metadata_expired:
          'Die IdP-Metadaten sind abgelaufen: Das Profil meldet niemanden an, bis sie erneuert sind.',
        metadata_expires_soon: 'Die IdP-Metadaten laufen bald ab.',
        certificate_expires_soon: 'Ein Signaturzertifikat des IdP läuft bald ab.',
        certificates_expired:
          'Alle Signaturzertifikate des IdP sind abgelaufen: Das Profil meldet niemanden an, bis ein gültiges festgelegt ist.',
      }[warning],
      `SSO-Profil: ${profile}. Zeitpunkt: ${when}.`,
      'Erneuern Sie die IdP-Metadaten oder legen Sie das neue Zertifikat im Admin Center fest.',
    ],
  }),
  metadataChanged: ({ profile, change, details, url }) => {
    const what = {
      changed: 'haben sich geändert und sind jetzt in Gebrauch',
      held: 'haben sich geändert; die Änderung wartet auf Ihre Freigabe',
      refused:
        'haben sich auf eine Weise geändert, die Portcullis ablehnt; die letzte gute Fassung bleibt in Gebrauch',
    }[change]
    return {
      subject: `Single Sign-on: Die IdP-Metadaten von „${profile}“ ${what}`,
      blocks: [
        `Die Metadaten des Identity Providers im SSO-Profil „${profile}“ ${what}.`,
        ...details,
        `Metadaten-URL: ${url}`,
        change === 'held'
          ? 'Geben Sie sie frei, indem Sie im Admin Center einen Verbindungstest der zurückgehaltenen Metadaten ausführen, oder lehnen Sie sie ab.'
          : 'Wenn Sie das nicht erwartet haben, prüfen Sie das Profil im Admin Center und das Audit-Log.',
      ],
    }
  },
}

export const MAIL_TEXTS: Readonly<Record<Locale, Texts>> = { en: EN, de: DE }

/** One mail in `locale`, both parts. */
export function mailIn<K extends keyof Texts>(
  locale: Locale,
  kind: K,
  params: Parameters<Texts[K]>[0],
): Rendered {
  const build = MAIL_TEXTS[locale][kind] as (p: Parameters<Texts[K]>[0]) => MailParts
  return renderMail(build(params), locale)
}

/**
 * The language of mail to a person: theirs when known (the language of their last sign-in's pages),
 * else their organization's (`mailLanguage` in orgs/org-settings.ts).
 */
export function recipientLocale(
  user: { readonly locale: Locale | null },
  organizationLanguage: Locale,
): Locale {
  return user.locale ?? organizationLanguage
}

/**
 * The one email canonicaliser, used at every door (CLI, Admin API, SCIM, SAML): trimmed, Unicode NFC,
 * ASCII local part lower-cased, domain as its lower-case A-label (SPEC §2; SECURITY-CASES ID-02, TEN-06).
 * Characters that only become ASCII by Unicode case or compatibility mapping (Kelvin sign, fullwidth
 * letters, dotted capital I) are refused rather than folded, so two spellings never reach one account.
 */
import { domainToASCII, domainToUnicode } from 'node:url'
import { AppError } from '../errors/app-error.ts'

export interface CanonicalEmail {
  /** As entered, trimmed and NFC-normalised: what the user sees. */
  readonly email: string
  /** The comparison form: unique per deployment. */
  readonly canonical: string
  /** The canonical (A-label, lower-case) domain. */
  readonly domain: string
}

const MAX_EMAIL_LENGTH = 254
const MAX_LOCAL_LENGTH = 64
// RFC 5322 dot-atom; quoted local parts are refused on purpose (SECURITY-CASES TEN-06).
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/

export function canonicalizeEmail(input: unknown): CanonicalEmail {
  if (typeof input !== 'string') throw invalid('not a string')
  const email = input.trim().normalize('NFC')
  if (email.length === 0) throw invalid('empty')
  if (email.length > MAX_EMAIL_LENGTH) throw invalid('too long')
  const at = email.lastIndexOf('@')
  if (at <= 0 || at === email.length - 1) throw invalid('must look like name@example.com')
  const local = email.slice(0, at)
  const rawDomain = email.slice(at + 1)
  if (local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) {
    throw invalid('the part before @ has characters that are not allowed')
  }
  const domain = canonicalizeDomain(rawDomain)
  if (domain === undefined) throw invalid('the domain is not valid')
  return { email, canonical: `${local.toLowerCase()}@${domain}`, domain }
}

/** Canonical A-label form of a DNS domain, or undefined when it is not an acceptable domain name. */
export function canonicalizeDomain(input: string): string | undefined {
  const text = input.normalize('NFC')
  if (text.length === 0 || text.length > 253 || text.endsWith('.')) return undefined
  let ascii: string
  if (NON_ASCII.test(text)) {
    for (const char of text) {
      // A non-ASCII character that lower-cases to ASCII (U+212A KELVIN SIGN → k) is a spoof.
      if (NON_ASCII.test(char) && !NON_ASCII.test(char.toLowerCase())) return undefined
    }
    const lower = text.toLowerCase()
    ascii = domainToASCII(lower)
    // Refuse anything IDNA had to map (fullwidth, compatibility forms): only canonical U-labels pass.
    if (ascii === '' || domainToUnicode(ascii) !== lower) return undefined
  } else {
    ascii = text.toLowerCase()
  }
  const labels = ascii.split('.')
  if (labels.length < 2 || ascii.length > 253) return undefined
  if (!labels.every((label) => LABEL.test(label))) return undefined
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return undefined
  return ascii
}

function invalid(reason: string): AppError {
  return new AppError('user.invalid_email', { details: { field: 'email', reason } })
}

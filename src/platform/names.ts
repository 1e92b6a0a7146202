/**
 * Names people type or an IdP sends (organizations, clients, tokens, SSO profiles, users' names at every
 * door: Admin API, SCIM, import, SAML mapping): one rule for all of them — trimmed, Unicode NFC, 1 to
 * `max` characters, no control characters (C0, C1, line and paragraph separators) and no bidirectional
 * embedding, override or isolate controls (which make "Hana \u202Etxt.exe" display reversed).
 * Undefined when the input is not such a name; callers say which error.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/** Whether `text` holds a character no name may hold (controls, separators, bidi controls). */
export function hasForbiddenCharacters(text: string): boolean {
  return FORBIDDEN.test(text)
}

export function readName(input: unknown, max: number): string | undefined {
  if (typeof input !== 'string') return undefined
  const name = input.trim().normalize('NFC')
  if (name.length === 0 || name.length > max || hasForbiddenCharacters(name)) return undefined
  return name
}

/**
 * An optional name (a user's given, family or display name): null for null or blank, the clean name,
 * or undefined when it breaks the rule.
 */
export function readOptionalName(input: unknown, max: number): string | null | undefined {
  if (input === null || (typeof input === 'string' && input.trim() === '')) return null
  return readName(input, max)
}

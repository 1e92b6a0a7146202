/**
 * Names people type (organizations, clients, tokens, SSO profiles, user names in an import): one rule
 * for all of them — trimmed, Unicode NFC, 1 to `max` characters, no control characters (C0, C1, line
 * and paragraph separators). Undefined when the input is not such a name; callers say which error.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

export function readName(input: unknown, max: number): string | undefined {
  if (typeof input !== 'string') return undefined
  const name = input.trim().normalize('NFC')
  if (name.length === 0 || name.length > max || CONTROL.test(name)) return undefined
  return name
}

/** SQL LIKE with the user's text taken literally: its wildcards and the escape character escaped (SECURITY-CASES SCIM-05). */

/** `text` with `\`, `%` and `_` escaped for `like … escape '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Why an import row is rejected, in words, with its stable code beside (issue 27: bare codes). */

/** The row codes of the import API, said for an admin. */
const REASONS: Readonly<Record<string, string>> = {
  'row.malformed': 'The row has a different number of fields than the header.',
  'row.invalid_email': 'This is not a valid email address.',
  'row.duplicate_in_file': 'The same email address is on an earlier line of this file.',
  'row.role_unknown': 'The role must be admin or member (or empty for member).',
  'row.role_not_allowed': 'The owner is not imported: transfer ownership on the user’s page.',
  'row.invalid_name':
    'A name is longer than 200 characters or contains control or direction-control characters.',
  'row.domain_not_verified': 'The email is not in a domain this organization has verified.',
  'row.domain_owned_elsewhere': 'The email is in a domain another organization has verified.',
  'row.adoption_required':
    'An account with this email exists outside this organization: use “Import existing users of my verified domains” below.',
  'row.owner_protected': 'The owner cannot be demoted by an import.',
  'row.lockout_risk': 'This change would leave no owner or admin a way to sign in.',
  'row.conflict': 'The user changed while the row was applied: import the row again.',
}

export function RejectReason({ code }: { code: string }) {
  return (
    <>
      {REASONS[code] ?? 'Rejected.'} <span class="code">({code})</span>
    </>
  )
}

/**
 * Roles from the IdP's groups (issue 28), the rules as plain data and functions: an organization's
 * ordered rules `{ source, match, role }`, off by default. For a user the IdP manages — a member of a
 * SCIM group, or someone whose SAML sign-in brought group values — the highest role any rule matches
 * wins; none matched means `member`. The owner is never mapped (ownership is transferred, not mapped),
 * and users the IdP knows nothing about keep the role set by hand.
 */
import { AppError } from '../errors/app-error.ts'
import { hasForbiddenCharacters } from '../platform/names.ts'

export const ROLE_RULE_SOURCES = ['scim_group', 'saml_attribute'] as const
export type RoleRuleSource = (typeof ROLE_RULE_SOURCES)[number]
export const MAPPED_ROLES = ['admin', 'member'] as const
export type MappedRole = (typeof MAPPED_ROLES)[number]

export interface RoleRule {
  readonly source: RoleRuleSource
  /** For `saml_attribute`: the attribute whose values are read (Entra's groups claim URI, `groups`, `memberOf`). */
  readonly attribute?: string
  /** A SCIM group's id or display name (case-insensitive); a SAML attribute value (exactly). */
  readonly match: string
  readonly role: MappedRole
}

export interface RoleMapping {
  readonly enabled: boolean
  readonly rules: readonly RoleRule[]
}

/** A user's role came from the mapping: from this rule, or (null) from no rule matching: `member`. */
export interface RoleOrigin {
  readonly rule: Omit<RoleRule, 'role'> | null
}

export const NO_MAPPING: RoleMapping = Object.freeze({ enabled: false, rules: [] })
export const MAX_ROLE_RULES = 50
export const MAX_MATCH_LENGTH = 256
/**
 * Group values kept from one SAML sign-in. Entra ID sends at most 150 groups in a SAML token (more
 * become a link to Graph); the parser's element limit refuses a response with thousands anyway.
 */
export const MAX_IDP_GROUPS = 1000

const RANK: Readonly<Record<MappedRole, number>> = { member: 0, admin: 1 }

/**
 * A rule's value or attribute name: trimmed, 1 to 256 characters, none of the characters no name may
 * hold (the one rule of `platform/names.ts`) — but not NFC-normalized: SAML values compare exactly.
 */
function ruleText(input: unknown): string | undefined {
  const text = typeof input === 'string' ? input.trim() : ''
  return text === '' || text.length > MAX_MATCH_LENGTH || hasForbiddenCharacters(text)
    ? undefined
    : text
}

/** The mapping as the Admin API sends it, or `role_mapping.invalid` naming the first bad field. */
export function readRoleMapping(input: unknown): RoleMapping {
  const invalid = (field: string) => new AppError('role_mapping.invalid', { details: { field } })
  if (typeof input !== 'object' || input === null) throw invalid('body')
  const { enabled, rules } = input as { enabled?: unknown; rules?: unknown }
  if (typeof enabled !== 'boolean') throw invalid('enabled')
  if (!Array.isArray(rules) || rules.length > MAX_ROLE_RULES) throw invalid('rules')
  return {
    enabled,
    rules: rules.map((rule: unknown, index): RoleRule => {
      const r = (typeof rule === 'object' && rule !== null ? rule : {}) as Record<string, unknown>
      if (!(ROLE_RULE_SOURCES as readonly unknown[]).includes(r['source']))
        throw invalid(`rules[${index}].source`)
      const match = ruleText(r['match'])
      if (match === undefined) throw invalid(`rules[${index}].match`)
      if (!(MAPPED_ROLES as readonly unknown[]).includes(r['role']))
        throw invalid(`rules[${index}].role`)
      const role = r['role'] as MappedRole
      if (r['source'] === 'scim_group') {
        if (r['attribute'] !== undefined && r['attribute'] !== null)
          throw invalid(`rules[${index}].attribute`)
        return { source: 'scim_group', match, role }
      }
      const attribute = ruleText(r['attribute'])
      if (attribute === undefined) throw invalid(`rules[${index}].attribute`)
      return { source: 'saml_attribute', attribute, match, role }
    }),
  }
}

/** The values of the attributes the rules read, from one SAML sign-in, by attribute name. */
export type SAMLGroups = Readonly<Record<string, readonly string[]>>

/** What the IdP says about one user: their SCIM groups, and the group values of their last SAML sign-in. */
export interface GroupEvidence {
  readonly scimGroups: readonly { readonly id: string; readonly displayName: string }[]
  /** Null: no SAML sign-in has brought values of an attribute the rules read. */
  readonly samlGroups: SAMLGroups | null
  /** The mapping gave the user's current role: they stay mapped when they leave their last group. */
  readonly mappedBefore: boolean
}

/**
 * Whether the IdP manages this user's role: it put them in a group, sent their groups, or the mapping
 * gave their role before (someone taken out of their last group is demoted, not forgotten).
 */
export function isIdPManaged(evidence: GroupEvidence): boolean {
  return evidence.scimGroups.length > 0 || evidence.samlGroups !== null || evidence.mappedBefore
}

function matches(rule: RoleRule, evidence: GroupEvidence): boolean {
  if (rule.source === 'saml_attribute') {
    return evidence.samlGroups?.[rule.attribute ?? '']?.includes(rule.match) ?? false
  }
  const wanted = rule.match.toLowerCase()
  return evidence.scimGroups.some(
    (group) => group.id === rule.match || group.displayName.toLowerCase() === wanted,
  )
}

/**
 * The role `mapping` gives a user with this role and evidence: undefined when the mapping does not
 * touch them (off, the owner, or nothing from the IdP); otherwise the highest role a rule matches —
 * the first such rule is the origin — or `member` from no rule.
 */
export function mappedRole(
  mapping: RoleMapping,
  current: string,
  evidence: GroupEvidence,
): { role: MappedRole; origin: RoleOrigin } | undefined {
  if (!mapping.enabled || current === 'owner' || !isIdPManaged(evidence)) return undefined
  let best: RoleRule | undefined
  for (const rule of mapping.rules) {
    if (!matches(rule, evidence)) continue
    if (best === undefined || RANK[rule.role] > RANK[best.role]) best = rule
  }
  return best === undefined
    ? { role: 'member', origin: { rule: null } }
    : { role: best.role, origin: { rule: originOf(best) } }
}

function originOf(rule: RoleRule): Omit<RoleRule, 'role'> {
  const { role: _role, ...origin } = rule
  return origin
}

/**
 * From a signed assertion's attributes, the values of the attributes `mapping`'s SAML rules read — each
 * bounded to MAX_IDP_GROUPS distinct values (`cut` says how many were left out) — or null when the
 * mapping reads none or the assertion has none of them.
 */
export function samlGroupsOf(
  mapping: RoleMapping,
  attributes: Readonly<Record<string, readonly string[]>>,
): { groups: SAMLGroups | null; cut: number } {
  const names = new Set(
    mapping.rules.flatMap((r) => (r.source === 'saml_attribute' ? [r.attribute ?? ''] : [])),
  )
  const groups: Record<string, string[]> = {}
  let cut = 0
  for (const name of names) {
    const values = attributes[name]
    if (values === undefined) continue
    const distinct = [
      ...new Set(values.filter((v) => v.length > 0 && v.length <= MAX_MATCH_LENGTH)),
    ]
    groups[name] = distinct.slice(0, MAX_IDP_GROUPS)
    cut += Math.max(0, distinct.length - MAX_IDP_GROUPS)
  }
  return { groups: Object.keys(groups).length === 0 ? null : groups, cut }
}

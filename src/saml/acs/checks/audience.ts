/**
 * Check 8: Conditions and audience (SAML Core §2.5; Profiles §4.1.4.2; PRO-06, PRO-12). Exactly one
 * Conditions; at least one AudienceRestriction and every one of them names this connection's SP entity ID
 * exactly; conditions we do not understand make the assertion invalid.
 */
import { children, elementChildren, textOf } from '../../xml/dom.ts'
import { NS } from '../../xml/namespaces.ts'
import { fail, need, type ACSContext } from '../context.ts'

const KNOWN_CONDITIONS = new Set(['AudienceRestriction', 'OneTimeUse', 'ProxyRestriction'])

export function audience(ctx: ACSContext): void {
  const assertion = need(ctx.signedAssertion, 'signed assertion')
  const conditions = children(assertion, NS.assertion, 'Conditions')
  if (conditions.length !== 1)
    throw fail('saml.audience_mismatch', `${conditions.length} Conditions`)
  const restrictions: Element[] = []
  for (const condition of elementChildren(conditions[0] as Element)) {
    if (
      condition.namespaceURI !== NS.assertion ||
      !KNOWN_CONDITIONS.has(condition.localName ?? '')
    ) {
      throw fail(
        'saml.condition_unsupported',
        `condition {${condition.namespaceURI}}${condition.localName}`,
      )
    }
    if (condition.localName === 'AudienceRestriction') restrictions.push(condition)
  }
  if (restrictions.length === 0) throw fail('saml.audience_mismatch', 'no AudienceRestriction')
  for (const restriction of restrictions) {
    const audiences = children(restriction, NS.assertion, 'Audience').map((a) => textOf(a).trim())
    if (!audiences.includes(ctx.profile.spEntityId)) {
      throw fail('saml.audience_mismatch', `audiences ${audiences.join(', ').slice(0, 300)}`)
    }
  }
}

/**
 * Check 9: Destination is this connection's ACS URL, compared with the configured URL, never the request's
 * Host (PRO-07, TEN-03). A signed Response must carry it (Profiles §4.1.4.5).
 */
import { attr } from '../../xml/dom.ts'
import { envelope, fail, type ACSContext } from '../context.ts'

export function destination(ctx: ACSContext): void {
  const value = attr(envelope(ctx), 'Destination')
  if (value === undefined) {
    if (ctx.signedResponse !== undefined)
      throw fail('saml.destination_mismatch', 'signed Response without Destination')
    return
  }
  if (value !== ctx.profile.acsUrl)
    throw fail('saml.destination_mismatch', `Destination ${value.slice(0, 300)}`)
}

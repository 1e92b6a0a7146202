/** Check 7: the top-level StatusCode is Success; nothing else logs anyone in (PRO-11, SIG-13). */
import { attr, children } from '../../xml/dom.ts'
import { NS, STATUS_SUCCESS } from '../../xml/namespaces.ts'
import { envelope, fail, type ACSContext } from '../context.ts'

export function status(ctx: ACSContext): void {
  const statuses = children(envelope(ctx), NS.protocol, 'Status')
  const codes =
    statuses.length === 1 ? children(statuses[0] as Element, NS.protocol, 'StatusCode') : []
  const value = codes.length === 1 ? attr(codes[0] as Element, 'Value') : undefined
  if (value !== STATUS_SUCCESS)
    throw fail('saml.status_not_success', `status ${value ?? 'missing'}`)
}

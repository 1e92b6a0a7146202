/** Check 2: one hardened parse (I1): no DOCTYPE, one root, bounded depth and size. */
import { parseXML } from '../../xml/parse.ts'
import { need, type ACSContext } from '../context.ts'

export function parse(ctx: ACSContext): void {
  ctx.doc = parseXML(need(ctx.xml, 'xml'))
}

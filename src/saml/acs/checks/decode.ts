/** Check 1: the SAMLResponse field is strict base64 of well-formed UTF-8, within size limits (BIND-02). */
import { AppError } from '../../../errors/app-error.ts'
import { decodeUTF8, MAX_XML_BYTES } from '../../xml/parse.ts'
import type { ACSContext } from '../context.ts'

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

export function decode(ctx: ACSContext): void {
  if (ctx.encoded.length > Math.ceil((MAX_XML_BYTES * 4) / 3) + 4096)
    throw new AppError('saml.too_large')
  // IdPs wrap base64 at 64 or 76 columns; any other character (URL-safe alphabet included) is refused.
  const compact = ctx.encoded.replace(/[\r\n\t ]/g, '')
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new AppError('saml.malformed_xml', { detail: 'SAMLResponse is not base64' })
  }
  ctx.xml = decodeUTF8(Buffer.from(compact, 'base64'))
}

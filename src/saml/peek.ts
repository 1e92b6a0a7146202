/**
 * The InResponseTo a response claims, read without trusting it: only to find out whether it answers a
 * connection test (which reports failures instead of refusing). Never used to decide anything else.
 */
import { attr, children, descendants, isElement } from './xml/dom.ts'
import { NS } from './xml/namespaces.ts'
import { parseXML } from './xml/parse.ts'

export function peekInResponseTo(encoded: string): string | undefined {
  try {
    const doc = parseXML(Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8'))
    const root = doc.documentElement
    const fromResponse = attr(root, 'InResponseTo')
    if (fromResponse) return fromResponse
    for (const assertion of children(root, NS.assertion, 'Assertion')) {
      for (const element of descendants(assertion)) {
        if (
          isElement(element, NS.assertion, 'SubjectConfirmationData') &&
          attr(element, 'InResponseTo')
        ) {
          return attr(element, 'InResponseTo')
        }
      }
    }
  } catch {
    return undefined
  }
  return undefined
}

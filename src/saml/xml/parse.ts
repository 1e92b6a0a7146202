/**
 * The one XML parser of the SAML path (SECURITY-CASES I1): @xmldom/xmldom, after byte-level checks. No
 * DOCTYPE at all (so no entities, XXE or billion laughs), well-formed UTF-8 only, size and depth limits,
 * and any parser warning or error is a rejection, never a recovery.
 */
import { DOMParser } from '@xmldom/xmldom'
import { AppError } from '../../errors/app-error.ts'

export const MAX_XML_BYTES = 192 * 1024
export const MAX_DEPTH = 48
export const MAX_ELEMENTS = 5000

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** Decodes strict UTF-8 (no BOM-less UTF-16, no invalid sequences, no NUL). */
export function decodeUTF8(bytes: Uint8Array): string {
  if (bytes.length > MAX_XML_BYTES) throw new AppError('saml.too_large')
  let text: string
  try {
    text = UTF8.decode(bytes)
  } catch {
    throw new AppError('saml.malformed_xml', { detail: 'not UTF-8' })
  }
  if (text.includes('\u0000')) throw new AppError('saml.malformed_xml', { detail: 'NUL character' })
  return text
}

/** xmldom 0.8 reads `normalizeLineEndings` (lib/dom-parser.js) but its typings do not list it. */
export type ParserOptions = NonNullable<ConstructorParameters<typeof DOMParser>[0]> & {
  readonly normalizeLineEndings: (text: string) => string
}

/**
 * XML 1.0 §2.11 line-ending handling only: CR LF and a lone CR become LF. xmldom applies XML 1.1's
 * rules by default, which also turn NEL (U+0085) and U+2028 into LF — characters an XML 1.0 document
 * keeps — so a signature would be checked over other text than the IdP signed (issue 21 item 13).
 */
export function normalizeXML10LineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n')
}

/** Parses `text` into a Document, or throws a `saml.*` AppError. */
export function parseXML(text: string): Document {
  if (text.length > MAX_XML_BYTES) throw new AppError('saml.too_large')
  // Refuse any document type declaration before the parser sees it (XML-01..04).
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text))
    throw new AppError('saml.doctype_forbidden')
  const declaration = /^\s*<\?xml[^?]*encoding\s*=\s*["']([^"']+)["']/i.exec(text)
  if (declaration && !/^utf-?8$/i.test(declaration[1] ?? '')) {
    throw new AppError('saml.malformed_xml', { detail: `declared encoding ${declaration[1]}` })
  }
  // Without a locator: tracking every node's line and column was ~15% of a parse. A document the
  // parser refuses is parsed again with it, only to say where (what is refused does not change).
  const parsed = parseOnce(text, false)
  if (parsed.problems.length > 0 || !parsed.doc?.documentElement) {
    const located = parseOnce(text, true)
    throw new AppError('saml.malformed_xml', {
      detail: located.problems.slice(0, 3).join('; ') || 'no root',
      cause: located.error,
    })
  }
  const doc = parsed.doc
  if (doc.doctype) throw new AppError('saml.doctype_forbidden')
  assertShapeLimits(doc)
  return doc
}

interface Parsed {
  readonly doc: Document | undefined
  /** Every warning and error the parser reported, or what it threw; a document with any is refused. */
  readonly problems: readonly string[]
  readonly error?: unknown
}

function parseOnce(text: string, locate: boolean): Parsed {
  const problems: string[] = []
  const options: ParserOptions = {
    ...(locate ? { locator: {} } : {}),
    normalizeLineEndings: normalizeXML10LineEndings,
    errorHandler: {
      warning: (message: string) => problems.push(`warning: ${message}`),
      error: (message: string) => problems.push(`error: ${message}`),
      fatalError: (message: string) => problems.push(`fatal: ${message}`),
    },
  }
  try {
    const doc = new DOMParser(options).parseFromString(text, 'text/xml') as unknown as Document
    return { doc, problems }
  } catch (error) {
    return { doc: undefined, problems: [...problems, (error as Error).message], error }
  }
}

/** One root element and nothing but whitespace, comments or PIs around it; bounded depth and size. */
function assertShapeLimits(doc: Document): void {
  let roots = 0
  for (let node = doc.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) roots++
    else if (node.nodeType === 3 && (node.nodeValue ?? '').trim() !== '') {
      throw new AppError('saml.malformed_xml', { detail: 'text outside the root element' })
    }
  }
  if (roots !== 1) throw new AppError('saml.malformed_xml', { detail: `${roots} root elements` })
  let elements = 0
  const walk = (element: Element, depth: number): void => {
    if (depth > MAX_DEPTH) throw new AppError('saml.too_deep')
    if (++elements > MAX_ELEMENTS)
      throw new AppError('saml.too_large', { detail: 'too many elements' })
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) walk(child as Element, depth + 1)
    }
  }
  walk(doc.documentElement, 1)
}

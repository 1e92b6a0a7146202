/**
 * Writing the XML we send (AuthnRequests, SP metadata) through xmldom's DOM and XMLSerializer, the same
 * library that parses what we receive: escaping and namespace declarations are the library's job, not
 * string templates'.
 */
import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom'

/** An element to write: `name` is `prefix:local` in namespace `ns`; attributes without a namespace. */
export interface XMLNode {
  readonly ns: string
  readonly name: string
  readonly attributes?: Readonly<Record<string, string | undefined>>
  readonly text?: string
  readonly children?: readonly XMLNode[]
  /** Extra namespace declarations on this element: prefix → URI. */
  readonly declare?: Readonly<Record<string, string>>
}

/** Serializes `root` as a standalone document (no XML declaration). */
export function writeXML(root: XMLNode): string {
  const document = new DOMImplementation().createDocument(root.ns, root.name, null)
  const build = (node: XMLNode, element: Element): Element => {
    for (const [prefix, uri] of Object.entries(node.declare ?? {})) {
      element.setAttributeNS('http://www.w3.org/2000/xmlns/', `xmlns:${prefix}`, uri)
    }
    for (const [name, value] of Object.entries(node.attributes ?? {})) {
      if (value !== undefined) element.setAttribute(name, value)
    }
    if (node.text !== undefined) element.appendChild(document.createTextNode(node.text))
    for (const child of node.children ?? []) {
      element.appendChild(build(child, document.createElementNS(child.ns, child.name)))
    }
    return element
  }
  build(root, document.documentElement as Element)
  return new XMLSerializer().serializeToString(document)
}

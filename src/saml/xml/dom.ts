/**
 * Namespace-aware reading of parsed SAML: direct children only, exact namespace URIs, never
 * getElementsByTagName over the whole tree (OWASP: absolute paths; SECURITY-CASES XML-08).
 */

export function isElement(
  node: Node | null | undefined,
  ns: string,
  localName: string,
): node is Element {
  return (
    !!node &&
    node.nodeType === 1 &&
    (node as Element).namespaceURI === ns &&
    (node as Element).localName === localName
  )
}

/** Direct element children of `parent` (any name). */
export function elementChildren(parent: Element): Element[] {
  const out: Element[] = []
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1) out.push(child as Element)
  }
  return out
}

/** Direct children named {ns}localName. */
export function children(parent: Element, ns: string, localName: string): Element[] {
  return elementChildren(parent).filter((child) => isElement(child, ns, localName))
}

/** The one direct child named {ns}localName; undefined if none, `'many'` if several. */
export function onlyChild(
  parent: Element,
  ns: string,
  localName: string,
): Element | undefined | 'many' {
  const found = children(parent, ns, localName)
  return found.length > 1 ? 'many' : found[0]
}

/** All descendant elements, document order. */
export function descendants(root: Element): Element[] {
  const out: Element[] = []
  const walk = (element: Element): void => {
    for (const child of elementChildren(element)) {
      out.push(child)
      walk(child)
    }
  }
  walk(root)
  return out
}

/**
 * The text of an element: every text and CDATA node below it, concatenated. On canonical (signed) bytes
 * there are no comments or CDATA left, so the value is what the signature covered (XML-09).
 */
export function textOf(element: Element): string {
  let text = ''
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3 || child.nodeType === 4) text += child.nodeValue ?? ''
      else if (child.nodeType === 1) walk(child)
    }
  }
  walk(element)
  return text
}

/** An attribute without namespace, or undefined when absent. */
export function attr(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? (element.getAttribute(name) ?? undefined) : undefined
}

/** Namespace declarations in scope at `element` from its ancestors (nearest wins). */
export function inScopeNamespaces(element: Element): { prefix: string; namespaceURI: string }[] {
  const seen = new Map<string, string>()
  for (
    let node = element.parentNode;
    node !== null && node.nodeType === 1;
    node = node.parentNode
  ) {
    const attributes = (node as Element).attributes
    for (let i = 0; i < attributes.length; i++) {
      const a = attributes.item(i)
      if (a === null) continue
      const prefix = a.name === 'xmlns' ? '' : a.name.startsWith('xmlns:') ? a.name.slice(6) : null
      if (prefix !== null && !seen.has(prefix)) seen.set(prefix, a.value)
    }
  }
  return [...seen].map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }))
}

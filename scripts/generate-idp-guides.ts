/**
 * `npm run docs:idp-guides`: writes docs/idp-guides/ from the Admin Center's guides
 * (admin-ui/src/setup/idp-guides.ts), so the pages outside the product say what the product says.
 * `idpGuidePages()` is what the docs test compares the files with.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { format } from 'prettier'
import {
  guideParts,
  IDP_GUIDES,
  PLACEHOLDERS,
  type IdPGuide,
  type GuideValue,
} from '../admin-ui/src/setup/idp-guides.ts'
import { PRESETS, presetForProduct } from '../src/sso-profiles/attribute-mapping.ts'
import { en } from '../admin-ui/src/i18n/en.ts'

const HEADER =
  '<!-- Written by `npm run docs:idp-guides` from admin-ui/src/setup/idp-guides.ts: edit that file. -->\n\n'

/** The values as the docs show them: placeholders, and the attribute names of the IdP's preset. */
function valuesOf(guide: IdPGuide): Record<GuideValue, string> {
  const name = presetForProduct(guide.product)
  const preset: Partial<Record<string, string>> = name === undefined ? {} : PRESETS[name]
  return {
    ...PLACEHOLDERS,
    givenName: preset['givenName'] ?? PLACEHOLDERS.givenName,
    familyName: preset['familyName'] ?? PLACEHOLDERS.familyName,
    displayName: preset['displayName'] ?? PLACEHOLDERS.displayName,
  }
}

function markdown(text: string, values: Record<GuideValue, string>): string {
  return guideParts(text)
    .map((part) =>
      part.kind === 'ui'
        ? `**${part.text}**`
        : part.kind === 'value'
          ? `\`${values[part.value]}\``
          : part.text,
    )
    .join('')
}

function page(guide: IdPGuide): string {
  const values = valuesOf(guide)
  const lines = [
    `# Single sign-on with ${guide.name}`,
    '',
    'The Admin Center shows this guide with your SSO profile’s own values and copy buttons: on the',
    '**Overview** (the guided set-up, after you choose this IdP) and on the profile’s **Set-up** tab.',
    'Here the URLs are placeholders; the attribute names are the ones the profile’s names preset reads.',
    '',
    '## The values',
    '',
    '| In Portcullis | Value |',
    '|---|---|',
    ...guide.values.map((v) => `| ${en[`guide.value.${v}`]} | \`${values[v]}\` |`),
    '',
    `## In ${guide.name}`,
    '',
    ...guide.steps.map((step, i) => `${i + 1}. ${markdown(step, values)}`),
    '',
    '## Where the IdP metadata is',
    '',
    markdown(guide.metadata, values),
    '',
    'Then, in the Admin Center: load the metadata, run **Test connection** and sign in at the IdP with',
    'your own account; after a passed test, **Enforce SSO** for your domain.',
    '',
  ]
  if (guide.quirks.length > 0) {
    lines.push(`## Good to know about ${guide.name}`, '')
    lines.push(...guide.quirks.map((q) => `- ${markdown(q, values)}`), '')
  }
  if (guide.scim !== undefined) {
    lines.push('## Provisioning users with SCIM', '')
    lines.push(...guide.scim.map((step, i) => `${i + 1}. ${markdown(step, values)}`), '')
  }
  return HEADER + lines.join('\n')
}

function index(): string {
  const lines = [
    '# Identity provider guides',
    '',
    'How to connect each identity provider to a Portcullis SSO profile, step by step in the IdP’s own',
    'words. The Admin Center shows the same guides with your profile’s values filled in.',
    '',
    ...IDP_GUIDES.map(
      (g) =>
        `- [${g.name}](${g.product}.md)${g.scim === undefined ? '' : ' — with SCIM provisioning'}`,
    ),
    '',
  ]
  return HEADER + lines.join('\n')
}

/** Every page of docs/idp-guides/, by file name, formatted as the repository's prettier check wants. */
export async function idpGuidePages(): Promise<Map<string, string>> {
  const pages = new Map<string, string>([['README.md', index()]])
  for (const guide of IDP_GUIDES) pages.set(`${guide.product}.md`, page(guide))
  for (const [name, text] of pages) pages.set(name, await format(text, { parser: 'markdown' }))
  return pages
}

if (import.meta.main) {
  const dir = new URL('../docs/idp-guides/', import.meta.url)
  mkdirSync(dir, { recursive: true })
  for (const [name, text] of await idpGuidePages()) writeFileSync(new URL(name, dir), text)
}

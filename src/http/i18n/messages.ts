/**
 * The pages' language: OIDC `ui_locales` first (the client's choice for this login), then the browser's
 * `Accept-Language` (q-values and ranges by `negotiator`, jshttp's parser that Express uses), then
 * English. A `Translator` renders catalogue strings, escaped, with `{placeholders}` filled.
 */
import Negotiator from 'negotiator'
import { html, HTML, escapeHTML } from '../html/html.ts'
import { de } from './de.ts'
import { en, type MessageKey, type Messages } from './en.ts'
import { isPageErrorCode } from './page-errors.ts'
import {
  firstSpokenLocale as fromUILocales,
  isLocale,
  LOCALES,
  type Locale,
} from '../../platform/locales.ts'

export { LOCALES, type Locale }

export const CATALOGUES: Readonly<Record<Locale, Messages>> = { en, de }

export function negotiateLocale(
  uiLocales: string | null | undefined,
  acceptLanguage: string | undefined,
): Locale {
  const chosen = fromUILocales(uiLocales)
  if (chosen !== undefined) return chosen
  if (acceptLanguage === undefined || acceptLanguage.length > 1000) return 'en'
  const preferred = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language([
    ...LOCALES,
  ])
  return preferred !== undefined && isLocale(preferred) ? preferred : 'en'
}

type Params = Readonly<Record<string, string | HTML>>

export interface Translator {
  readonly locale: Locale
  /** Plain text (for titles and attributes); the caller's template escapes it. */
  text(key: MessageKey, params?: Readonly<Record<string, string>>): string
  /** Markup: the catalogue text escaped, `HTML` params kept as they are, string params escaped. */
  markup(key: MessageKey, params?: Params): HTML
  /** The message of an error code a page shows. */
  errorMessage(code: string): string
  /** What to do next after an error code. */
  nextStep(code: string): string
}

const PLACEHOLDER = /\{(\w+)\}/g

function makeTranslator(locale: Locale): Translator {
  const catalogue = CATALOGUES[locale]
  const lookup = (key: string): string => (catalogue as Record<string, string>)[key] ?? ''
  return {
    locale,
    text: (key, params = {}) =>
      catalogue[key].replace(PLACEHOLDER, (whole, name: string) => params[name] ?? whole),
    markup: (key, params = {}) =>
      new HTML(
        catalogue[key]
          .split(PLACEHOLDER)
          .map((part, i) => {
            if (i % 2 === 0) return escapeHTML(part)
            const value = params[part]
            return value === undefined ? escapeHTML(`{${part}}`) : html`${value}`.value
          })
          .join(''),
      ),
    errorMessage: (code) =>
      isPageErrorCode(code) ? lookup(`error.${code}`) : catalogue['error.internal_error'],
    nextStep: (code) => lookup(`next.${code}`) || catalogue['next.default'],
  }
}

/** One translator per language, made once (every page asks for one). */
const TRANSLATORS = Object.fromEntries(
  LOCALES.map((locale) => [locale, makeTranslator(locale)]),
) as Readonly<Record<Locale, Translator>>

export function translator(locale: Locale): Translator {
  return TRANSLATORS[locale]
}

/**
 * The Admin Center's languages (issue 27): English and German, chosen by the person (kept in this
 * browser) or else by the browser's languages. `useT()` gives a page its words: `t(key, values)` from the
 * catalogue (`{name}` placeholders), `t.count(key, n)` by the language's plural rules, dates and numbers
 * through `Intl`, and an API error in the page's language — German from the catalogue, English as the
 * server wrote it.
 */
import type { ComponentChildren } from 'preact'
import { createContext } from 'preact'
import { useContext, useMemo, useState } from 'preact/hooks'
import type { APIError } from '../api/client.ts'
import { de, errorsDe } from './de.ts'
import { en, type MessageKey } from './en.ts'

export type { MessageKey } from './en.ts'

export const LOCALES = ['en', 'de'] as const
export type Locale = (typeof LOCALES)[number]
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', de: 'Deutsch' }

const STORAGE_KEY = 'portcullis-admin-locale'
const CATALOGUES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, de }

/** The person's choice, else the first of the browser's languages we speak, else English. */
export function chooseLocale(stored: string | null, languages: readonly string[]): Locale {
  if (stored === 'en' || stored === 'de') return stored
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0]
    if (base === 'en' || base === 'de') return base
  }
  return 'en'
}

export type Values = Readonly<Record<string, string | number>>

export interface Translator {
  (key: MessageKey, values?: Values): string
  /** `key.one` / `key.other` by the language's plural rules, with `{count}` set to `n`. */
  count(key: string, n: number, values?: Values): string
  /** A date and time as this language writes it; a dash for none. */
  date(iso: string | null | undefined): string
  number(n: number): string
  /** An API error's message in this language (English: as the server wrote it). */
  error(error: APIError): string
  /** A status word (`active`, `verified`, …) in this language; unknown ones as they are. */
  status(value: string): string
  readonly locale: Locale
}

export function translator(locale: Locale): Translator {
  const catalogue = CATALOGUES[locale]
  const plurals = new Intl.PluralRules(locale)
  const numbers = new Intl.NumberFormat(locale)
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  const lookup = (key: string): string | undefined =>
    Object.hasOwn(catalogue, key) ? catalogue[key as MessageKey] : undefined
  const fill = (text: string, values: Values = {}) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!Object.hasOwn(values, name)) return whole
      const value = values[name]
      return typeof value === 'number' ? numbers.format(value) : String(value)
    })
  const t = (key: MessageKey, values?: Values) => fill(lookup(key) ?? key, values)
  return Object.assign(t, {
    count: (key: string, n: number, values?: Values) =>
      fill(lookup(`${key}.${plurals.select(n)}`) ?? lookup(`${key}.other`) ?? key, {
        ...values,
        count: n,
      }),
    date: (iso: string | null | undefined) =>
      iso === null || iso === undefined ? '—' : dates.format(new Date(iso)),
    number: (n: number) => numbers.format(n),
    error: (error: APIError) =>
      locale === 'de' ? (errorsDe[error.code] ?? error.message) : error.message,
    status: (value: string) => lookup(`status.${value}`) ?? value,
    locale,
  })
}

interface LocaleState {
  readonly t: Translator
  readonly setLocale: (locale: Locale) => void
}

const LocaleContext = createContext<LocaleState>({ t: translator('en'), setLocale: () => {} })

export function LocaleProvider({ children }: { children: ComponentChildren }) {
  const [locale, setLocaleState] = useState<Locale>(() =>
    chooseLocale(readStored(), navigator.languages),
  )
  const state = useMemo<LocaleState>(() => {
    document.documentElement.lang = locale
    return {
      t: translator(locale),
      setLocale: (next) => {
        try {
          localStorage.setItem(STORAGE_KEY, next)
        } catch {
          // Storage refused (a private window): the choice lasts while the page is open.
        }
        setLocaleState(next)
      },
    }
  }, [locale])
  return <LocaleContext.Provider value={state}>{children}</LocaleContext.Provider>
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

export function useT(): Translator {
  return useContext(LocaleContext).t
}

/** The language picker of the top bar; the choice is kept in this browser. */
export function LanguagePicker() {
  const { t, setLocale } = useContext(LocaleContext)
  return (
    <select
      class="language"
      aria-label={t('shell.language')}
      value={t.locale}
      onChange={(event) => setLocale(chooseLocale(event.currentTarget.value, []))}
    >
      {LOCALES.map((l) => (
        <option key={l} value={l} lang={l}>
          {LOCALE_NAMES[l]}
        </option>
      ))}
    </select>
  )
}

/** The languages the pages speak (OIDC discovery's `ui_locales_supported`); English is the fallback. */
export const LOCALES = ['en', 'de'] as const
export type Locale = (typeof LOCALES)[number]

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value)
}

/** The first of `uiLocales` (space-separated BCP 47 tags, OIDC `ui_locales`) we speak, by its language. */
export function firstSpokenLocale(uiLocales: string | null | undefined): Locale | undefined {
  for (const tag of (uiLocales ?? '').split(' ').slice(0, 10)) {
    // No tag (the usual case: no ui_locales) is not worth a thrown RangeError on every page (issue 29's
    // profile of a SAML sign-in: 0.2 ms of it went to this).
    if (tag === '') continue
    try {
      const language = new Intl.Locale(tag).language
      if (isLocale(language)) return language
    } catch {
      // not a language tag: skip it
    }
  }
  return undefined
}

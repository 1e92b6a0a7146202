/** The languages the pages speak (OIDC discovery's `ui_locales_supported`); English is the fallback. */
export const LOCALES = ['en', 'de'] as const
export type Locale = (typeof LOCALES)[number]

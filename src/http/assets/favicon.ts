/** The icon browsers ask for at /favicon.ico: a rounded square in the brand's accent colour. */
export function faviconSvg(accentColor: string): string {
  // accentColor is validated as #rrggbb by the configuration loader.
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="${accentColor}"/><path d="M9 25V7h8a6 6 0 0 1 0 12h-4v6z" fill="#fff"/></svg>`
}

/**
 * The one stylesheet of the server-rendered pages: small, readable, high-contrast, no external fonts.
 * Fits from 320 px wide up (border-box sizing, no fixed widths), 44 px touch targets, the system's
 * light or dark colours, no motion, a visible focus ring. `accent` is the operator's button colour
 * (checked at start for contrast with white text).
 */
export function stylesheet(accent: string): string {
  return `
*, *::before, *::after { box-sizing: border-box; }
:root { color-scheme: light dark; --accent: ${accent}; font-family: system-ui, sans-serif; line-height: 1.5; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 1rem; background: Canvas; color: CanvasText; }
.card { width: 100%; max-width: 26rem; padding: clamp(1.25rem, 6vw, 2rem); border: 1px solid GrayText; border-radius: 0.75rem; overflow-wrap: anywhere; }
@media (max-width: 30rem) { body { padding: 0; place-items: start stretch; } .card { max-width: none; border: 0; border-radius: 0; } }
.brand { margin: 0 0 1.25rem; }
.brand img { display: block; max-width: 100%; max-height: 3rem; margin-bottom: 0.5rem; }
.product { margin: 0; font-weight: 700; font-size: 1.05rem; }
.context { margin: 0; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; line-height: 1.25; }
h2 { font-size: 1.1rem; }
label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
input[type=email], input[type=password], input[type=text] { width: 100%; min-height: 2.75rem; padding: 0.6rem; font-size: 1rem; border: 1px solid GrayText; border-radius: 0.4rem; background: Field; color: FieldText; }
input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }
button { display: block; margin-top: 1.25rem; width: 100%; min-height: 2.75rem; padding: 0.7rem; font-size: 1rem; font-weight: 600; border: 0; border-radius: 0.4rem; background: var(--accent); color: #fff; cursor: pointer; }
.secondary { background: transparent; color: LinkText; border: 1px solid GrayText; }
a { color: LinkText; }
.action { display: inline-flex; align-items: center; min-height: 2.75rem; }
.error { border-left: 4px solid #c62828; padding: 0.5rem 0.75rem; margin: 0 0 1rem; }
.code { font-family: ui-monospace, monospace; font-size: 0.9rem; }
.hint { color: color-mix(in srgb, CanvasText 75%, Canvas); font-size: 0.9rem; }
.identity { font-weight: 600; overflow-wrap: anywhere; }
dl, dd { overflow-wrap: anywhere; }
.card.wide { max-width: 46rem; }
.items { list-style: none; padding: 0; }
.items > li { border-top: 1px solid GrayText; padding: 0.75rem 0; }
dt { font-weight: 600; margin-top: 0.5rem; }
dd { margin: 0; }
.status { border-left: 4px solid #2e7d32; padding: 0.5rem 0.75rem; margin: 0 0 1rem; }
.qr { width: 12rem; max-width: 100%; margin: 0.5rem auto; background: #fff; }
.qr svg { display: block; width: 100%; height: auto; }
.secret, .recovery-codes code { font-family: ui-monospace, monospace; font-size: 1rem; overflow-wrap: anywhere; }
.recovery-codes { columns: 2; padding-left: 1.25rem; }
section { margin-top: 1.5rem; }
@media (prefers-reduced-motion: reduce) { *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; } }
`
}

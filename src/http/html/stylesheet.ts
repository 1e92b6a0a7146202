/** The one stylesheet of the login pages: small, readable, high-contrast, no external fonts. */
export const STYLESHEET = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
.card { width: min(26rem, calc(100vw - 2rem)); padding: 2rem; border: 1px solid GrayText; border-radius: 0.75rem; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
input[type=email], input[type=password], input[type=text] { box-sizing: border-box; width: 100%; padding: 0.6rem; font-size: 1rem; border: 1px solid GrayText; border-radius: 0.4rem; }
input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }
button { margin-top: 1.25rem; width: 100%; padding: 0.7rem; font-size: 1rem; font-weight: 600; border: 0; border-radius: 0.4rem; background: #1f4fd1; color: #fff; cursor: pointer; }
.secondary { background: transparent; color: LinkText; border: 1px solid GrayText; }
.error { border-left: 4px solid #c62828; padding: 0.5rem 0.75rem; margin: 0 0 1rem; }
.code { font-family: ui-monospace, monospace; font-size: 0.9rem; }
.hint { color: GrayText; font-size: 0.9rem; }
.identity { font-weight: 600; overflow-wrap: anywhere; }
`

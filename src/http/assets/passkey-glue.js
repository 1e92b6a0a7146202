// Passkeys on Portcullis pages (issue 25): the one script the sign-in and account pages load, after
// SimpleWebAuthn's browser bundle. A form marked data-passkey is shown only where the browser can use
// WebAuthn; on submit it asks data-options for the options (the form's own fields, CSRF token included),
// lets the browser create or use a passkey, puts the answer in the form's `credential` field and sends
// the form as usual. Without script the forms stay hidden and every other way to sign in still works.
;(() => {
  'use strict'
  const webauthn = globalThis.SimpleWebAuthnBrowser
  if (webauthn === undefined || !webauthn.browserSupportsWebAuthn()) return
  for (const form of document.querySelectorAll('form[data-passkey]')) {
    form.hidden = false
    form.addEventListener('submit', async (event) => {
      if (form.dataset.ready === '1') return
      event.preventDefault()
      const status = form.querySelector('[data-passkey-status]')
      if (status !== null) status.textContent = ''
      try {
        const body = new URLSearchParams(new FormData(form))
        body.delete('credential')
        const answer = await fetch(form.dataset.options, {
          method: 'POST',
          body,
          credentials: 'same-origin',
        })
        if (!answer.ok) throw new Error(`options: ${answer.status}`)
        const optionsJSON = await answer.json()
        const credential =
          form.dataset.passkey === 'register'
            ? await webauthn.startRegistration({ optionsJSON })
            : await webauthn.startAuthentication({ optionsJSON })
        form.querySelector('input[name="credential"]').value = JSON.stringify(credential)
        form.dataset.ready = '1'
        form.requestSubmit()
      } catch {
        if (status !== null) status.textContent = form.dataset.failed ?? ''
      }
    })
  }
})()

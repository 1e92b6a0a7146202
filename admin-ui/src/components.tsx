/** Small pieces every page uses: error notes, confirmations, copy buttons, a pager, dates. */
import type { ComponentChildren } from 'preact'
import { useRef, useState } from 'preact/hooks'
import type { APIError } from './api.ts'

/** The API's error, next to what caused it: code and message, and the details that help. */
export function ErrorNote({ error, id }: { error: APIError | null | undefined; id?: string }) {
  if (error === null || error === undefined) return null
  const details = error.details === undefined ? null : JSON.stringify(error.details)
  // A sensitive change after a while: sign in again, then come back here to repeat it.
  const again =
    error.code === 'auth.reauthentication_required'
      ? `/admin/reauthenticate?return=${encodeURIComponent(window.location.pathname)}`
      : null
  return (
    <div class="error" role="alert" id={id}>
      <p>{error.message}</p>
      {again !== null && (
        <p>
          <a
            href={again}
            onClick={(event) => {
              // A real navigation through the login pages, not a route of the app.
              event.preventDefault()
              window.location.assign(again)
            }}
          >
            Sign in again
          </a>
          , then repeat the change.
        </p>
      )}
      {again === null && details !== null && details !== '{}' && <p class="details">{details}</p>}
      <p class="code">Code: {error.code}</p>
    </div>
  )
}

/** A button that asks first (a modal dialog), for destructive actions. */
export function ConfirmButton(props: {
  label: string
  question: string
  confirmLabel?: string
  danger?: boolean
  onConfirm: () => void | Promise<void>
  children?: ComponentChildren
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  return (
    <>
      <button
        type="button"
        class={props.danger ? 'danger' : 'secondary'}
        onClick={() => dialog.current?.showModal()}
      >
        {props.label}
      </button>
      <dialog ref={dialog} aria-label={props.question}>
        <form
          method="dialog"
          onSubmit={(event) => {
            const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null
            if (submitter?.value === 'yes') void props.onConfirm()
          }}
        >
          <p>{props.question}</p>
          {props.children}
          <div class="actions">
            <button type="submit" value="no" class="secondary">
              Cancel
            </button>
            <button type="submit" value="yes" class={props.danger ? 'danger' : ''}>
              {props.confirmLabel ?? props.label}
            </button>
          </div>
        </form>
      </dialog>
    </>
  )
}

/** A read-only value with a button that copies it, for pasting into the IdP. */
export function CopyField({ label, value, id }: { label: string; value: string; id: string }) {
  const [copied, setCopied] = useState(false)
  return (
    <div class="copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} readOnly value={value} />
        <button
          type="button"
          class="secondary"
          aria-label={`Copy ${label}`}
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => undefined)
            setCopied(true)
            setTimeout(() => setCopied(false), 2000)
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  )
}

export function Pager(props: {
  hasPrevious: boolean
  hasNext: boolean
  onPrevious: () => void
  onNext: () => void
}) {
  if (!props.hasPrevious && !props.hasNext) return null
  return (
    <nav class="pager" aria-label="Pages">
      <button
        type="button"
        class="secondary"
        disabled={!props.hasPrevious}
        onClick={props.onPrevious}
      >
        Previous
      </button>
      <button type="button" class="secondary" disabled={!props.hasNext} onClick={props.onNext}>
        Next
      </button>
    </nav>
  )
}

export function formatDate(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—'
  return new Date(iso).toLocaleString()
}

export function Status({ value }: { value: string }) {
  return <span class={`status status-${value}`}>{value}</span>
}

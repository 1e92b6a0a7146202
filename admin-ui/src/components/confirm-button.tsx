/** A button that asks first (a modal dialog), for destructive actions. */
import type { ComponentChildren } from 'preact'
import { useRef } from 'preact/hooks'
import { useT } from '../i18n/i18n.tsx'

/** A button that asks first (a modal dialog), for destructive actions. */
export function ConfirmButton(props: {
  label: string
  question: string
  confirmLabel?: string
  danger?: boolean
  onConfirm: () => void | Promise<void>
  children?: ComponentChildren
}) {
  const t = useT()
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
              {t('common.cancel')}
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

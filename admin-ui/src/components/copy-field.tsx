/** A read-only value with a button that copies it, for pasting into the IdP. */
import { useState } from 'preact/hooks'
import { useT } from '../i18n/i18n.tsx'

/** A read-only value with a button that copies it, for pasting into the IdP. */
export function CopyField({ label, value, id }: { label: string; value: string; id: string }) {
  const t = useT()
  const [copied, setCopied] = useState(false)
  return (
    <div class="copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} readOnly value={value} />
        <button
          type="button"
          class="secondary"
          aria-label={t('common.copy_label', { label })}
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => undefined)
            setCopied(true)
            setTimeout(() => setCopied(false), 2000)
          }}
        >
          {copied ? t('common.copied') : t('common.copy')}
        </button>
      </div>
    </div>
  )
}

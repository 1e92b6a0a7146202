/** Why an import row is rejected, in words, with its stable code beside (issue 27: bare codes). */
import { useT, type MessageKey } from '../i18n/i18n.tsx'

export function RejectReason({ code }: { code: string }) {
  const t = useT()
  const key = `import.reject.${code}` as MessageKey
  const text = t(key)
  return (
    <>
      {text === key ? t('import.reject.other') : text} <span class="code">({code})</span>
    </>
  )
}

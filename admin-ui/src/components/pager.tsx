/** Previous and Next for cursor-paged lists. */
import { useT } from '../i18n/i18n.tsx'

export function Pager(props: {
  hasPrevious: boolean
  hasNext: boolean
  onPrevious: () => void
  onNext: () => void
}) {
  const t = useT()
  if (!props.hasPrevious && !props.hasNext) return null
  return (
    <nav class="pager" aria-label={t('common.pages')}>
      <button
        type="button"
        class="secondary"
        disabled={!props.hasPrevious}
        onClick={props.onPrevious}
      >
        {t('common.previous')}
      </button>
      <button type="button" class="secondary" disabled={!props.hasNext} onClick={props.onNext}>
        {t('common.next')}
      </button>
    </nav>
  )
}

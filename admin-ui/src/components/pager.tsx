/** Previous and Next for cursor-paged lists. */

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

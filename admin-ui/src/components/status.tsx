/** How a status and a time read in the Admin Center. */

export function formatDate(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—'
  return new Date(iso).toLocaleString()
}

export function Status({ value }: { value: string }) {
  return <span class={`status status-${value.replaceAll(' ', '-')}`}>{value}</span>
}

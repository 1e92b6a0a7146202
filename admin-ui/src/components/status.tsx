/** How a status reads in the Admin Center: its word in the page's language, its colour by class. */
import { useT } from '../i18n/i18n.tsx'

export function Status({ value }: { value: string }) {
  const t = useT()
  return <span class={`status status-${value.replaceAll(' ', '-')}`}>{t.status(value)}</span>
}

/** "Import existing users of your verified domains" (SPEC §4): find them, then adopt them. */
import { useState } from 'preact/hooks'
import { send } from '../api/client.ts'
import { useMutation } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { useT } from '../i18n/i18n.tsx'

interface Adoptable {
  readonly email: string
  readonly status: string
  readonly outcome: string
  readonly code?: string
}

export function AdoptionPanel({ base }: { base: string }) {
  const t = useT()
  const [found, setFound] = useState<{ results: Adoptable[]; more: boolean } | null>(null)
  const adoption = useMutation()
  const adopt = async (dryRun: boolean) => {
    const answer = await adoption.run(() =>
      send<{ results: Adoptable[]; more: boolean }>(
        'POST',
        `${base}/adopt${dryRun ? '?dryRun=true' : ''}`,
        '{}',
        'application/json',
      ),
    )
    if (answer !== undefined) setFound(answer)
  }
  return (
    <section class="panel" aria-labelledby="adopt-title">
      <h2 id="adopt-title">{t('adopt.title')}</h2>
      <p>{t('adopt.intro')}</p>
      <button type="button" class="secondary" onClick={() => void adopt(true)}>
        {t('adopt.find')}
      </button>
      <ErrorNote error={adoption.error} />
      {found !== null && (
        <>
          {found.results.length === 0 ? (
            <p role="status">{t('adopt.none')}</p>
          ) : (
            <ul>
              {found.results.map((r) => (
                <li key={r.email}>
                  {r.email} — {t.status(r.outcome)}
                  {r.code !== undefined && ` (${r.code})`}
                </li>
              ))}
            </ul>
          )}
          {found.results.some((r) => r.outcome === 'adopt') && (
            <button type="button" onClick={() => void adopt(false)}>
              {t('adopt.import')}
            </button>
          )}
        </>
      )}
    </section>
  )
}

/** "Import existing users of your verified domains" (SPEC §4): find them, then adopt them. */
import { useState } from 'preact/hooks'
import { send } from '../api/client.ts'
import { useMutation } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'

interface Adoptable {
  readonly email: string
  readonly status: string
  readonly outcome: string
  readonly code?: string
}

export function AdoptionPanel({ base }: { base: string }) {
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
      <h2 id="adopt-title">Import existing users of your verified domains</h2>
      <p>
        People who already have an account in one of your verified domains (made elsewhere before
        you verified it) become users of your organization. Their sessions end when they move.
      </p>
      <button type="button" class="secondary" onClick={() => void adopt(true)}>
        Find them
      </button>
      <ErrorNote error={adoption.error} />
      {found !== null && (
        <>
          {found.results.length === 0 ? (
            <p role="status">No such accounts.</p>
          ) : (
            <ul>
              {found.results.map((r) => (
                <li key={r.email}>
                  {r.email} — {r.outcome}
                  {r.code !== undefined && ` (${r.code})`}
                </li>
              ))}
            </ul>
          )}
          {found.results.some((r) => r.outcome === 'adopt') && (
            <button type="button" onClick={() => void adopt(false)}>
              Import them
            </button>
          )}
        </>
      )}
    </section>
  )
}

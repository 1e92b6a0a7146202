/** An import run as it goes: its progress (polled every second until it ends), then each row's result. */
import { useEffect, useState } from 'preact/hooks'
import { send } from '../api/client.ts'
import { useQuery } from '../api/hooks.ts'
import { DataTable } from '../components/data-table.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Pager } from '../components/pager.tsx'
import { PAGE, type ResultRow, type Run } from './import-types.ts'
import { RejectReason } from './reject-reason.tsx'
import { download, send as sendRequest } from '../api/client.ts'
import { useMutation } from '../api/hooks.ts'
import { useSession } from '../session.ts'
import { useT } from '../i18n/i18n.tsx'

export function RunProgress({
  base,
  started,
  sendInvitations,
}: {
  base: string
  started: Run
  /** Whether the run mailed its invitations (else the links are offered when it is done). */
  sendInvitations: boolean
}) {
  const t = useT()
  const [run, setRun] = useState(started)
  const done = run.status === 'finished' || run.status === 'failed'
  const [polled, setPolled] = useState(false)
  useEffect(() => {
    if (done) return
    const timer = setTimeout(async () => {
      try {
        setRun(await send<Run>('GET', `${base}/import/${run.id}`))
      } catch {
        setPolled(true)
      }
    }, 1000)
    return () => clearTimeout(timer)
  }, [run])
  const [from, setFrom] = useState<number[]>([1])
  const results = useQuery(async () => {
    if (!done) return null
    return send<{ rows: ResultRow[]; nextFrom: number | null }>(
      'GET',
      `${base}/import/${run.id}/results?limit=${PAGE}&from=${from[from.length - 1]}`,
    )
  }, [done, from])
  const next = results.data?.nextFrom ?? null
  return (
    <section aria-labelledby="run-title">
      <h2 id="run-title">{t('import.run_title', { status: t.status(run.status) })}</h2>
      <label for="run-progress">
        {t('import.progress', { done: run.doneRows, total: run.totalRows })}
      </label>
      <progress id="run-progress" max={Math.max(run.totalRows, 1)} value={run.doneRows} />
      <p role="status">
        {t('import.run_counts', { ...run.counts })}
        {run.error !== null && ` ${t('import.run_failed', { error: run.error })}`}
        {polled && ` ${t('import.poll_failed')}`}
      </p>
      {done && run.counts.create > 0 && (
        <InvitationsPanel base={base} runId={run.id} mailed={sendInvitations} />
      )}
      <ErrorNote error={results.error} />
      {results.data !== undefined && results.data !== null && (
        <>
          <DataTable
            caption={t('import.results_caption')}
            rows={results.data.rows}
            rowKey={(row) => row.row}
            empty={t('import.no_rows')}
            columns={[
              { header: t('import.line'), cell: (row) => row.line },
              { header: t('import.email'), cell: (row) => row.email },
              {
                header: t('import.result'),
                cell: (row) => (row.outcome === null ? t('import.waiting') : t.status(row.outcome)),
              },
              {
                header: t('import.why'),
                cell: (row) => (row.code === null ? '' : <RejectReason code={row.code} />),
              },
            ]}
          />
          <Pager
            hasPrevious={from.length > 1}
            hasNext={next !== null}
            onPrevious={() => setFrom(from.slice(0, -1))}
            onNext={() => next !== null && setFrom([...from, next])}
          />
        </>
      )}
    </section>
  )
}

/**
 * The invitations of the users a run created (issue 27): without mail, one CSV of links to send yourself;
 * with mail and none sent, a button that sends them. A download makes new links: earlier ones stop working.
 */
function InvitationsPanel(props: { base: string; runId: string; mailed: boolean }) {
  const t = useT()
  const { mail } = useSession()
  const change = useMutation()
  const [queued, setQueued] = useState<number | null>(null)
  const path = `${props.base}/import/${encodeURIComponent(props.runId)}/invitations`
  const body = (deliver: 'links' | 'mail') => JSON.stringify({ deliver })
  return (
    <section class="panel" aria-labelledby="invitations-title">
      <h3 id="invitations-title">{t('import.invitations_title')}</h3>
      <p>{props.mailed ? t('import.invitations_mailed') : t('import.invitations_not_mailed')}</p>
      <div class="actions">
        <button
          type="button"
          class={props.mailed ? 'secondary' : undefined}
          onClick={() =>
            void change.run(() => download('POST', path, body('links'), 'application/json'))
          }
        >
          {t('import.download_links')}
        </button>
        {mail && !props.mailed && (
          <button
            type="button"
            class="secondary"
            onClick={async () => {
              const answer = await change.run(() =>
                sendRequest<{ queued: number }>('POST', path, body('mail'), 'application/json'),
              )
              if (answer !== undefined) setQueued(answer.queued)
            }}
          >
            {t('import.email_them')}
          </button>
        )}
      </div>
      <p class="hint">{t('import.links_hint')}</p>
      {queued !== null && (
        <p class="notice" role="status">
          {t.count('import.queued', queued)}
        </p>
      )}
      <ErrorNote error={change.error} />
    </section>
  )
}

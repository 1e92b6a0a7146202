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
  const [run, setRun] = useState(started)
  const done = run.status === 'finished' || run.status === 'failed'
  const [polled, setPolled] = useState<string | null>(null)
  useEffect(() => {
    if (done) return
    const timer = setTimeout(async () => {
      try {
        setRun(await send<Run>('GET', `${base}/import/${run.id}`))
      } catch {
        setPolled('The progress could not be read; it goes on on the server. Reload the page.')
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
      <h2 id="run-title">Import run: {run.status}</h2>
      <label for="run-progress">
        {run.doneRows} of {run.totalRows} rows
      </label>
      <progress id="run-progress" max={Math.max(run.totalRows, 1)} value={run.doneRows} />
      <p role="status">
        {run.counts.create} created, {run.counts.update} updated, {run.counts.unchanged} unchanged,{' '}
        {run.counts.reject} rejected.
        {run.error !== null && ` The run failed: ${run.error}.`}
        {polled !== null && ` ${polled}`}
      </p>
      {done && run.counts.create > 0 && (
        <InvitationsPanel base={base} runId={run.id} mailed={sendInvitations} />
      )}
      <ErrorNote error={results.error} />
      {results.data !== undefined && results.data !== null && (
        <>
          <DataTable
            caption="Results, row by row"
            rows={results.data.rows}
            rowKey={(row) => row.row}
            empty="No rows."
            columns={[
              { header: 'Line', cell: (row) => row.line },
              { header: 'Email', cell: (row) => row.email },
              { header: 'Result', cell: (row) => row.outcome ?? 'waiting' },
              {
                header: 'Why',
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
  const { mail } = useSession()
  const change = useMutation()
  const [queued, setQueued] = useState<number | null>(null)
  const path = `${props.base}/import/${encodeURIComponent(props.runId)}/invitations`
  const body = (deliver: 'links' | 'mail') => JSON.stringify({ deliver })
  return (
    <section class="panel" aria-labelledby="invitations-title">
      <h3 id="invitations-title">Invitations for the new users</h3>
      {props.mailed ? (
        <p>Each new user was emailed an invitation.</p>
      ) : (
        <p>
          No invitation was emailed. Users who sign in with SSO need none; the others need a link to
          choose a password.
        </p>
      )}
      <div class="actions">
        <button
          type="button"
          class={props.mailed ? 'secondary' : undefined}
          onClick={() =>
            void change.run(() => download('POST', path, body('links'), 'application/json'))
          }
        >
          Download invitation links (CSV)
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
            Email the invitations
          </button>
        )}
      </div>
      <p class="hint">
        A download makes a new link for every user still invited: links from an earlier download or
        mail stop working.
      </p>
      {queued !== null && (
        <p class="notice" role="status">
          {queued} invitation{queued === 1 ? '' : 's'} queued for sending.
        </p>
      )}
      <ErrorNote error={change.error} />
    </section>
  )
}

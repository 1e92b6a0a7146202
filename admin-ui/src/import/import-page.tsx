/**
 * Import users (SPEC §4): choose a CSV (checked against the server's size limit before a byte is sent),
 * see the dry run line by line, apply it as an import run and watch its progress and each row's result.
 * Also "import existing users of my verified domains".
 */
import { useState } from 'preact/hooks'
import { send } from '../api/client.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { DataTable } from '../components/data-table.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Pager } from '../components/pager.tsx'
import { useOrg, useSession } from '../session.ts'
import { AdoptionPanel } from './adoption-panel.tsx'
import { PAGE, type Counts, type Planned, type Run } from './import-types.ts'
import { RunProgress } from './run-progress.tsx'
import { RejectReason } from './reject-reason.tsx'

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`
}

export function ImportPage() {
  const { orgId } = useOrg()
  const base = `/api/v1/orgs/${encodeURIComponent(orgId)}/users`
  const [file, setFile] = useState<File | null>(null)
  const { mail } = useSession()
  // Without mail nothing is ticked silently: the links are offered after the run instead (issue 27).
  const [sendInvitations, setSendInvitations] = useState(mail)
  const [plan, setPlan] = useState<{ counts: Counts; rows: Planned[] } | null>(null)
  const [planPage, setPlanPage] = useState(0)
  const [run, setRun] = useState<Run | null>(null)
  const change = useMutation()
  /** The largest file the server takes (from the API), so a too-large file is never sent. */
  const limits = useQuery(
    async () =>
      (await send<{ limits: { maxBytes: number } }>('GET', `${base}/import?limit=1`)).limits,
    [base],
  )
  const maxBytes = limits.data?.maxBytes ?? null
  const upload = <T,>(query: string) => {
    const form = new FormData()
    if (file !== null) form.append('file', file)
    return send<T>('POST', `${base}/import${query}`, form)
  }

  return (
    <section>
      <h1>Import users</h1>
      <p>
        Upload a CSV file with the columns <code>email</code>, <code>given name</code>,{' '}
        <code>family name</code> and <code>role</code> (admin or member). You see what it would do
        before anything is written.
      </p>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          setRun(null)
          setPlan(null)
          const planned = await change.run(() =>
            upload<{ counts: Counts; rows: Planned[] }>('?dryRun=true'),
          )
          if (planned === undefined) return
          setPlan(planned)
          setPlanPage(0)
        }}
      >
        <label for="import-file">CSV file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          required
          aria-describedby="import-file-limit"
          onChange={(event) => {
            const chosen = event.currentTarget.files?.[0] ?? null
            setPlan(null)
            change.setError(null)
            if (chosen !== null && maxBytes !== null && chosen.size > maxBytes) {
              // Checked here, before a byte is sent: the server would refuse it (import.too_large).
              setFile(null)
              event.currentTarget.value = ''
              change.setError({
                code: 'import.too_large',
                message: `This file is ${mebibytes(chosen.size)}; an import takes at most ${mebibytes(maxBytes)}. Split it into smaller files.`,
              })
              return
            }
            setFile(chosen)
          }}
        />
        <p id="import-file-limit" class="hint">
          {maxBytes === null ? '' : `At most ${mebibytes(maxBytes)}.`}
        </p>
        {mail ? (
          <label class="choice">
            <input
              type="checkbox"
              checked={sendInvitations}
              onChange={(event) => setSendInvitations(event.currentTarget.checked)}
            />
            Email an invitation to each new user (not needed for SSO-only users)
          </label>
        ) : (
          <p class="warning" role="note">
            No mail server is set up for Portcullis, so no invitation is emailed. After the import
            you can download the new users’ invitation links as a CSV file and send them yourself.
            Users who sign in with SSO need no invitation.
          </p>
        )}
        <button type="submit">Check the file</button>
      </form>
      <ErrorNote error={change.error} />
      {plan !== null && run === null && (
        <section aria-labelledby="plan-title">
          <h2 id="plan-title">What the import would do</h2>
          <p role="status">
            {plan.counts.create} to create, {plan.counts.update} to update, {plan.counts.unchanged}{' '}
            unchanged, {plan.counts.reject} rejected.
          </p>
          <DataTable
            caption="Dry run, line by line"
            rows={plan.rows.slice(planPage * PAGE, planPage * PAGE + PAGE)}
            rowKey={(row) => row.row}
            rowClass={(row) => `outcome-${row.outcome}`}
            empty="The file has no rows."
            columns={[
              { header: 'Line', cell: (row) => row.line },
              { header: 'Email', cell: (row) => row.email },
              { header: 'Would', cell: (row) => row.outcome },
              {
                header: 'Why / changes',
                cell: (row) =>
                  row.code !== undefined ? (
                    <RejectReason code={row.code} />
                  ) : (
                    describeChanges(row.changes)
                  ),
              },
            ]}
          />
          <Pager
            hasPrevious={planPage > 0}
            hasNext={(planPage + 1) * PAGE < plan.rows.length}
            onPrevious={() => setPlanPage(planPage - 1)}
            onNext={() => setPlanPage(planPage + 1)}
          />
          <button
            type="button"
            disabled={plan.counts.create + plan.counts.update === 0}
            onClick={async () => {
              const started = await change.run(() =>
                upload<{ run: Run }>(sendInvitations ? '' : '?sendInvitations=false'),
              )
              if (started !== undefined) setRun(started.run)
            }}
          >
            Import {plan.counts.create + plan.counts.update} users
          </button>
        </section>
      )}
      {run !== null && (
        <RunProgress key={run.id} base={base} started={run} sendInvitations={sendInvitations} />
      )}
      <AdoptionPanel base={base} />
    </section>
  )
}

/** A row's changes in words: "role: admin, given name: Ada". */
function describeChanges(changes: Record<string, string> | undefined): string {
  if (changes === undefined) return ''
  const names: Record<string, string> = {
    givenName: 'given name',
    familyName: 'family name',
    role: 'role',
  }
  return Object.entries(changes)
    .map(([field, value]) => `${names[field] ?? field}: ${value}`)
    .join(', ')
}

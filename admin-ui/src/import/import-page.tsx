/**
 * Import users (SPEC §4): choose a CSV, see the dry run line by line, apply it as an import run and watch
 * its progress; see each row's result. Also "import existing users of my verified domains".
 */
import { useEffect, useState } from 'preact/hooks'
import { errorOf, send, type APIError } from '../api/client.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { Pager } from '../components/pager.tsx'
import { useOrg } from '../session.ts'

interface Planned {
  row: number
  line: number
  email: string
  outcome: string
  code?: string
  changes?: Record<string, string>
}
interface Counts {
  create: number
  update: number
  unchanged: number
  reject: number
}
interface Run {
  id: string
  status: string
  totalRows: number
  doneRows: number
  counts: Counts
  error: string | null
}
interface ResultRow {
  row: number
  line: number
  email: string
  outcome: string | null
  code: string | null
}

const PAGE = 100

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`
}

export function ImportPage() {
  const { orgId } = useOrg()
  const base = `/api/v1/orgs/${encodeURIComponent(orgId)}/users`
  const [file, setFile] = useState<File | null>(null)
  const [sendInvitations, setSendInvitations] = useState(true)
  const [plan, setPlan] = useState<{ counts: Counts; rows: Planned[] } | null>(null)
  const [planPage, setPlanPage] = useState(0)
  const [run, setRun] = useState<Run | null>(null)
  const [error, setError] = useState<APIError | null>(null)
  /** The largest file the server takes (from the API), so a too-large file is never sent. */
  const [maxBytes, setMaxBytes] = useState<number | null>(null)
  const upload = (query: string) => {
    const form = new FormData()
    if (file !== null) form.append('file', file)
    return send<unknown>('POST', `${base}/import${query}`, form)
  }

  useEffect(() => {
    send<{ limits: { maxBytes: number } }>('GET', `${base}/import?limit=1`)
      .then((answer) => setMaxBytes(answer.limits.maxBytes))
      .catch(() => setMaxBytes(null))
  }, [base])

  useEffect(() => {
    if (run === null || run.status === 'finished' || run.status === 'failed') return
    const timer = setTimeout(async () => {
      try {
        setRun(await send<Run>('GET', `${base}/import/${run.id}`))
      } catch (e) {
        setError(errorOf(e))
      }
    }, 1000)
    return () => clearTimeout(timer)
  }, [run])

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
          setError(null)
          setRun(null)
          try {
            setPlan((await upload('?dryRun=true')) as { counts: Counts; rows: Planned[] })
            setPlanPage(0)
          } catch (e) {
            setPlan(null)
            setError(errorOf(e))
          }
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
            setError(null)
            if (chosen !== null && maxBytes !== null && chosen.size > maxBytes) {
              // Checked here, before a byte is sent: the server would refuse it (import.too_large).
              setFile(null)
              event.currentTarget.value = ''
              setError({
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
        <label class="choice">
          <input
            type="checkbox"
            checked={sendInvitations}
            onChange={(event) => setSendInvitations(event.currentTarget.checked)}
          />
          Email an invitation to each new user (not needed for SSO-only users)
        </label>
        <button type="submit">Check the file</button>
      </form>
      <ErrorNote error={error} />
      {plan !== null && run === null && (
        <section aria-labelledby="plan-title">
          <h2 id="plan-title">What the import would do</h2>
          <p role="status">
            {plan.counts.create} to create, {plan.counts.update} to update, {plan.counts.unchanged}{' '}
            unchanged, {plan.counts.reject} rejected.
          </p>
          <table class="list">
            <caption class="visually-hidden">Dry run, line by line</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Email</th>
                <th scope="col">Would</th>
                <th scope="col">Why / changes</th>
              </tr>
            </thead>
            <tbody>
              {plan.rows.slice(planPage * PAGE, planPage * PAGE + PAGE).map((row) => (
                <tr key={row.row} class={`outcome-${row.outcome}`}>
                  <td>{row.line}</td>
                  <td>{row.email}</td>
                  <td>{row.outcome}</td>
                  <td>{row.code ?? (row.changes ? JSON.stringify(row.changes) : '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
              setError(null)
              try {
                const started = (await upload(sendInvitations ? '' : '?sendInvitations=false')) as {
                  run: Run
                }
                setRun(started.run)
              } catch (e) {
                setError(errorOf(e))
              }
            }}
          >
            Import {plan.counts.create + plan.counts.update} users
          </button>
        </section>
      )}
      {run !== null && <RunProgress base={base} run={run} />}
      <Adoption base={base} />
    </section>
  )
}

function RunProgress({ base, run }: { base: string; run: Run }) {
  const [rows, setRows] = useState<ResultRow[] | null>(null)
  const [from, setFrom] = useState<number[]>([1])
  const [next, setNext] = useState<number | null>(null)
  const done = run.status === 'finished' || run.status === 'failed'
  useEffect(() => {
    if (!done) return
    void send<{ rows: ResultRow[]; nextFrom: number | null }>(
      'GET',
      `${base}/import/${run.id}/results?limit=${PAGE}&from=${from[from.length - 1]}`,
    ).then((data) => {
      setRows(data.rows)
      setNext(data.nextFrom)
    })
  }, [done, from])
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
      </p>
      {rows !== null && (
        <>
          <table class="list">
            <caption class="visually-hidden">Results, row by row</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Email</th>
                <th scope="col">Result</th>
                <th scope="col">Code</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.row}>
                  <td>{row.line}</td>
                  <td>{row.email}</td>
                  <td>{row.outcome ?? 'waiting'}</td>
                  <td>{row.code ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
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

interface Adoptable {
  email: string
  status: string
  outcome: string
  code?: string
}

function Adoption({ base }: { base: string }) {
  const [found, setFound] = useState<{ results: Adoptable[]; more: boolean } | null>(null)
  const [error, setError] = useState<APIError | null>(null)
  const adopt = async (dryRun: boolean) => {
    setError(null)
    try {
      setFound(
        await send(
          'POST',
          `${base}/adopt${dryRun ? '?dryRun=true' : ''}`,
          '{}',
          'application/json',
        ),
      )
    } catch (e) {
      setError(errorOf(e))
    }
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
      <ErrorNote error={error} />
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

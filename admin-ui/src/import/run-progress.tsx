/** An import run as it goes: its progress (polled every second until it ends), then each row's result. */
import { useEffect, useState } from 'preact/hooks'
import { send } from '../api/client.ts'
import { useQuery } from '../api/hooks.ts'
import { DataTable } from '../components/data-table.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Pager } from '../components/pager.tsx'
import { PAGE, type ResultRow, type Run } from './import-types.ts'

export function RunProgress({ base, started }: { base: string; started: Run }) {
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
              { header: 'Code', cell: (row) => row.code ?? '' },
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

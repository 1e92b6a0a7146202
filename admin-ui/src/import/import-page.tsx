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
import { useT, type Translator } from '../i18n/i18n.tsx'
import { useOrg, useSession } from '../session.ts'
import { AdoptionPanel } from './adoption-panel.tsx'
import { PAGE, type Counts, type Planned, type Run } from './import-types.ts'
import { RunProgress } from './run-progress.tsx'
import { RejectReason } from './reject-reason.tsx'

function mebibytes(bytes: number, t: Translator): string {
  const digits = bytes < 10 * 1024 * 1024 ? 1 : 0
  const format = { maximumFractionDigits: digits, minimumFractionDigits: digits }
  return `${new Intl.NumberFormat(t.locale, format).format(bytes / 1024 / 1024)} MiB`
}

export function ImportPage() {
  const t = useT()
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
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          setRun(null)
          setPlan(null)
          const planned = await change.run(() =>
            upload<{ counts?: Counts; rows: Planned[]; error?: { code: string; message: string } }>(
              '?dryRun=true',
            ),
          )
          if (planned === undefined) return
          // A file error found after the first rows ends the streamed answer instead of its counts.
          if (planned.error !== undefined || planned.counts === undefined) {
            change.setError(planned.error ?? { code: 'internal_error', message: '' })
            return
          }
          setPlan({ counts: planned.counts, rows: planned.rows })
          setPlanPage(0)
        }}
      >
        <label for="import-file">{t('import.file')}</label>
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
                message: t('import.too_large', {
                  size: mebibytes(chosen.size, t),
                  max: mebibytes(maxBytes, t),
                }),
              })
              return
            }
            setFile(chosen)
          }}
        />
        <p id="import-file-limit" class="hint">
          {maxBytes === null ? '' : t('import.at_most', { max: mebibytes(maxBytes, t) })}
        </p>
        {mail ? (
          <label class="choice">
            <input
              type="checkbox"
              checked={sendInvitations}
              onChange={(event) => setSendInvitations(event.currentTarget.checked)}
            />
            {t('import.email_invitations')}
          </label>
        ) : (
          <p class="warning" role="note">
            {t('import.no_mail')}
          </p>
        )}
        <button type="submit">{t('import.check')}</button>
      </form>
      <ErrorNote error={change.error} />
      {plan !== null && run === null && (
        <section aria-labelledby="plan-title">
          <h2 id="plan-title">{t('import.plan_title')}</h2>
          <p role="status">{t('import.plan_counts', { ...plan.counts })}</p>
          <DataTable
            caption={t('import.plan_caption')}
            rows={plan.rows.slice(planPage * PAGE, planPage * PAGE + PAGE)}
            rowKey={(row) => row.row}
            rowClass={(row) => `outcome-${row.outcome}`}
            empty={t('import.no_rows')}
            columns={[
              { header: t('import.line'), cell: (row) => row.line },
              { header: t('import.email'), cell: (row) => row.email },
              { header: t('import.would'), cell: (row) => t.status(row.outcome) },
              {
                header: t('import.why_changes'),
                cell: (row) =>
                  row.code !== undefined ? (
                    <RejectReason code={row.code} />
                  ) : (
                    describeChanges(row.changes, t)
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
            {t.count('import.run_button', plan.counts.create + plan.counts.update)}
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
function describeChanges(changes: Record<string, string> | undefined, t: Translator): string {
  if (changes === undefined) return ''
  const names: Record<string, string> = {
    givenName: t('import.field_given'),
    familyName: t('import.field_family'),
    role: t('import.field_role'),
  }
  return Object.entries(changes)
    .map(
      ([field, value]) => `${names[field] ?? field}: ${field === 'role' ? t.status(value) : value}`,
    )
    .join(', ')
}

/**
 * Domains (SPEC §4): add, the TXT record to publish (with copy buttons), verify now, status with the daily
 * re-check's "uncertain" warning, remove (confirmed).
 */
import { api, call, type Schemas } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CopyField } from '../components/copy-field.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Status } from '../components/status.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'

type Domain = Schemas['Domain']

export function DomainsPage() {
  const t = useT()
  const { orgId } = useOrg()
  const domains = useQuery(
    async () =>
      (
        await call(
          api.GET('/api/v1/orgs/{orgId}/domains', {
            params: { path: { orgId }, query: { limit: '100' } },
          }),
        )
      ).domains,
    [orgId],
  )
  const add = useMutation()

  return (
    <section>
      <h1>{t('domains.title')}</h1>
      <p>{t('domains.intro')}</p>
      <form
        class="inline"
        onSubmit={async (event) => {
          event.preventDefault()
          const element = event.currentTarget
          const name = fieldsOf(element).text('name')
          const added = await add.run(() =>
            call(
              api.POST('/api/v1/orgs/{orgId}/domains', {
                params: { path: { orgId } },
                body: { name },
              }),
            ),
          )
          if (added === undefined) return
          element.reset()
          await domains.reload()
        }}
      >
        <label for="domain-name">{t('domains.domain')}</label>
        <input id="domain-name" name="name" required placeholder="example.com" />
        <button type="submit">{t('domains.add')}</button>
      </form>
      <ErrorNote error={add.error ?? domains.error} />
      {domains.data?.length === 0 && <p>{t('domains.none')}</p>}
      {domains.data?.map((domain) => (
        <DomainPanel key={domain.id} domain={domain} onChanged={domains.reload} />
      ))}
    </section>
  )
}

/** One domain: its state, the record to publish, verify now, remove; its own errors. */
export function DomainPanel({
  domain,
  onChanged,
}: {
  domain: Domain
  onChanged: () => Promise<void>
}) {
  const t = useT()
  const { orgId } = useOrg()
  const change = useMutation()
  const act = async (work: () => Promise<unknown>) => {
    const done = await change.run(async () => {
      await work()
      return true
    })
    if (done === true) await onChanged()
  }
  return (
    <article class="panel" aria-labelledby={`domain-${domain.id}`}>
      <h2 id={`domain-${domain.id}`}>
        {domain.name} <Status value={domain.status} />
        {domain.enforced && <span class="badge">{t('domains.enforced')}</span>}
      </h2>
      {domain.status === 'verified-uncertain' && (
        <p class="warning" role="status">
          {t('domains.uncertain', { since: t.date(domain.uncertainSince) })}
        </p>
      )}
      {domain.status !== 'verified' && (
        <div class="record">
          <p>{t('domains.publish')}</p>
          <CopyField
            id={`rec-name-${domain.id}`}
            label={t('domains.record_name')}
            value={domain.verification.name}
          />
          <CopyField
            id={`rec-value-${domain.id}`}
            label={t('domains.record_value')}
            value={domain.verification.value}
          />
        </div>
      )}
      <p class="meta">
        {/* An unverified domain never reads "Verified" at a glance (issue 27). */}
        {domain.verifiedAt === null
          ? t('domains.not_verified_yet')
          : t('domains.verified_at', { at: t.date(domain.verifiedAt) })}{' '}
        ·{' '}
        {t('domains.last_checked', {
          at: domain.lastCheckedAt === null ? t('common.never') : t.date(domain.lastCheckedAt),
        })}
      </p>
      <div class="actions">
        <button
          type="button"
          onClick={() =>
            void act(() =>
              call(
                api.POST('/api/v1/orgs/{orgId}/domains/{domainId}/verify', {
                  params: { path: { orgId, domainId: domain.id } },
                }),
              ),
            )
          }
        >
          {t('domains.verify_now')}
        </button>
        <ConfirmButton
          label={t('common.remove')}
          question={t('domains.remove_question', { domain: domain.name })}
          danger
          onConfirm={() =>
            act(() =>
              call(
                api.DELETE('/api/v1/orgs/{orgId}/domains/{domainId}', {
                  params: { path: { orgId, domainId: domain.id } },
                }),
              ),
            )
          }
        />
      </div>
      <ErrorNote error={change.error} />
    </article>
  )
}

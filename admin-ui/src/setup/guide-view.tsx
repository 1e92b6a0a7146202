/**
 * One IdP's guide on screen (issue 27): the values to copy (with copy buttons), the steps in the IdP's
 * words with this profile's values filled in, where its metadata is, and its quirks.
 */
import { CopyField } from '../components/copy-field.tsx'
import { useT, type MessageKey, type Translator } from '../i18n/i18n.tsx'
import { guideParts, NAME_ID_EMAIL, type GuideValues, type IdPGuide } from './idp-guides.ts'
import type { Profile } from '../sso-profiles/profiles-page.tsx'

/** The values a profile's guide fills in; names from the profile's mapping (the product's preset). */
export function profileValues(profile: Profile, scimUrl = ''): GuideValues {
  const mapping = profile.attributeMapping
  return {
    entityId: profile.sp.entityId,
    acsUrl: profile.sp.acsUrl,
    metadataUrl: profile.sp.metadataUrl,
    nameIdFormat: NAME_ID_EMAIL,
    givenName: mapping.givenName ?? 'firstName',
    familyName: mapping.familyName ?? 'lastName',
    displayName: mapping.displayName ?? 'displayName',
    scimUrl,
  }
}

/** A line of a guide: UI names in bold, values as code. */
export function GuideText({ text, values }: { text: string; values: GuideValues }) {
  return (
    <>
      {guideParts(text).map((part, i) =>
        part.kind === 'ui' ? (
          <strong key={i}>{part.text}</strong>
        ) : part.kind === 'value' ? (
          <code key={i}>{values[part.value]}</code>
        ) : (
          part.text
        ),
      )}
    </>
  )
}

export function GuideView({
  guide,
  values,
  copyFields = true,
}: {
  guide: IdPGuide
  values: GuideValues
  /** False where the page shows the values with copy buttons already (the profile page). */
  copyFields?: boolean
}) {
  const t = useT()
  const id = `guide-${guide.product}`
  return (
    <div class="guide">
      <h3 id={`${id}-title`}>
        {guide.product === 'other' ? t('guide.in_yours') : t('guide.in', { idp: guide.name })}
      </h3>
      {copyFields && (
        <div class="guide-values">
          {guide.values.map((value) => (
            <CopyField
              key={value}
              id={`${id}-${value}`}
              label={t(`guide.value.${value}` as MessageKey)}
              value={values[value]}
            />
          ))}
          <p>
            <a href={values.metadataUrl} download="portcullis-sp-metadata.xml">
              {t('sso.download_metadata')}
            </a>
          </p>
        </div>
      )}
      {/* The guides are written in English, in the IdP consoles' own (English) menu names. */}
      {t.locale !== 'en' && <p class="hint">{t('guide.steps_note')}</p>}
      <ol class="guide-steps" lang="en">
        {guide.steps.map((step, i) => (
          <li key={i}>
            <GuideText text={step} values={values} />
          </li>
        ))}
      </ol>
      <h4>{t('guide.where_metadata')}</h4>
      <p lang="en">
        <GuideText text={guide.metadata} values={values} />
      </p>
      {guide.quirks.length > 0 && (
        <>
          <h4>{t('guide.good_to_know', { idp: guideName(guide, t) })}</h4>
          <ul lang="en">
            {guide.quirks.map((quirk, i) => (
              <li key={i}>
                <GuideText text={quirk} values={values} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

/** A guide's IdP as the page names it ("another SAML 2.0 identity provider" in the page's language). */
export function guideName(guide: IdPGuide, t: Translator): string {
  return guide.product === 'other' ? t('guide.other_name') : guide.name
}

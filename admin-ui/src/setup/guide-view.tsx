/**
 * One IdP's guide on screen (issue 27): the values to copy (with copy buttons), the steps in the IdP's
 * words with this profile's values filled in, where its metadata is, and its quirks.
 */
import { CopyField } from '../components/copy-field.tsx'
import {
  guideParts,
  NAME_ID_EMAIL,
  VALUE_LABELS,
  type GuideValues,
  type IdPGuide,
} from './idp-guides.ts'
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
  const id = `guide-${guide.product}`
  return (
    <div class="guide">
      <h3 id={`${id}-title`}>In {guide.name}</h3>
      {copyFields && (
        <div class="guide-values">
          {guide.values.map((value) => (
            <CopyField
              key={value}
              id={`${id}-${value}`}
              label={VALUE_LABELS[value]}
              value={values[value]}
            />
          ))}
          <p>
            <a href={values.metadataUrl} download="portcullis-sp-metadata.xml">
              Download SP metadata (XML, with the signing certificate)
            </a>
          </p>
        </div>
      )}
      <ol class="guide-steps">
        {guide.steps.map((step, i) => (
          <li key={i}>
            <GuideText text={step} values={values} />
          </li>
        ))}
      </ol>
      <h4>Where the IdP metadata is</h4>
      <p>
        <GuideText text={guide.metadata} values={values} />
      </p>
      {guide.quirks.length > 0 && (
        <>
          <h4>Good to know about {guide.name}</h4>
          <ul>
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

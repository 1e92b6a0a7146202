/**
 * How to set up each identity provider for a Portcullis SSO profile (issue 27), in the IdP's own words:
 * menu and field names as the IdP's console shows them (in **bold**), this profile's values as
 * `{placeholders}` that the Admin Center fills in (with copy buttons) and `docs/idp-guides/` shows as
 * placeholders (`npm run docs:idp-guides` writes those pages from this file). Data only: no JSX, so the
 * docs script imports it too.
 */
import type { Schemas } from '../api/client.ts'

export type IdPProduct = NonNullable<Schemas['SSOProfile']['idpProduct']>

/** The values a guide refers to. */
export interface GuideValues {
  readonly entityId: string
  readonly acsUrl: string
  readonly metadataUrl: string
  readonly nameIdFormat: string
  /** The attribute names the profile's mapping reads (the preset the guide sets up). */
  readonly givenName: string
  readonly familyName: string
  readonly displayName: string
  readonly scimUrl: string
}

export type GuideValue = keyof GuideValues

/** What `docs/idp-guides/` shows where the Admin Center shows this profile's value. */
export const PLACEHOLDERS: Readonly<Record<GuideValue, string>> = {
  entityId: 'https://login.example.com/saml/<profile id>/metadata',
  acsUrl: 'https://login.example.com/saml/<profile id>/acs',
  metadataUrl: 'https://login.example.com/saml/<profile id>/metadata',
  nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  givenName: '<given name attribute>',
  familyName: '<family name attribute>',
  displayName: '<display name attribute>',
  scimUrl: 'https://login.example.com/scim/v2/<organization id>',
}

export const NAME_ID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'

export interface IdPGuide {
  readonly product: IdPProduct
  /** The product's name as its vendor writes it. */
  readonly name: string
  /** The values to copy into this IdP, in the order its screens ask for them. */
  readonly values: readonly GuideValue[]
  /** Creating the SAML application, step by step. */
  readonly steps: readonly string[]
  /** Where the IdP's metadata is (a URL to paste, or a file to upload). */
  readonly metadata: string
  /** What this IdP does differently, and what Portcullis needs there. */
  readonly quirks: readonly string[]
  /** SCIM provisioning, where Portcullis has been checked against this IdP's client. */
  readonly scim?: readonly string[]
}

const ASSIGN =
  'Assign the application to the people (or groups) who should sign in — at least yourself, for the connection test.'

export const IDP_GUIDES: readonly IdPGuide[] = [
  {
    product: 'okta',
    name: 'Okta',
    values: ['acsUrl', 'entityId', 'nameIdFormat', 'givenName', 'familyName', 'displayName'],
    steps: [
      'In the Okta Admin Console, open **Applications › Applications** and click **Create App Integration**.',
      'Choose **SAML 2.0** and click **Next**. Give it an **App name** (your application’s name) and click **Next**.',
      'Under **SAML Settings**, set **Single sign-on URL** to {acsUrl} and keep **Use this for Recipient URL and Destination URL** ticked.',
      'Set **Audience URI (SP Entity ID)** to {entityId}.',
      'Set **Name ID format** to **EmailAddress** and **Application username** to **Email**.',
      'Under **Attribute Statements**, add {givenName} with the value **user.firstName**, {familyName} with **user.lastName** and {displayName} with **user.displayName** (Name format: Unspecified).',
      'Click **Next**, answer the feedback question, and click **Finish**.',
      `Open the **Assignments** tab. ${ASSIGN}`,
    ],
    metadata:
      'On the application’s **Sign On** tab, under **SAML Signing Certificates** (or **Metadata details**), copy the **Metadata URL** and paste it into Portcullis: Portcullis fetches it now and again every hour, so a certificate rotation at Okta needs nothing from you.',
    quirks: [
      'Okta signs the assertion by default, which is what Portcullis checks; signing the response too (**Show Advanced Settings › Response**: Signed) is accepted.',
      'The email address is the NameID: a person’s Okta username must be their email address in your verified domain, or the sign-in is refused with “this email’s domain is not served by this profile”.',
      'Encrypted assertions (optional): set this profile’s **Encrypted assertions** to accept them first, then under **Show Advanced Settings** set **Assertion Encryption** to **Encrypted**, **Encryption Algorithm** to **AES256-GCM**, **Key Transport Algorithm** to **RSA-OAEP**, and upload the encryption certificate from this profile’s SP metadata. AES256-CBC works only while Okta signs the response too.',
    ],
    scim: [
      'On the application’s **General** tab, click **Edit** under **App Settings**, choose **SCIM** under **Provisioning**, and **Save**.',
      'On the **Provisioning** tab, under **Integration**, click **Edit**: set **SCIM connector base URL** to {scimUrl} and **Unique identifier field for users** to **userName**.',
      'Tick **Push New Users**, **Push Profile Updates** and **Push Groups**. Set **Authentication Mode** to **HTTP Header** and paste a SCIM token from **SCIM and API tokens** (Portcullis shows its secret once) as **Bearer**.',
      'Click **Test Connector Configuration**, then **Save**.',
      'Under **Provisioning › To App**, click **Edit** and enable **Create Users**, **Update User Attributes** and **Deactivate Users**. Leave **Sync Password** off: Portcullis never takes a password through SCIM (users set theirs from the invitation or sign in with SSO).',
      'The attribute mappings Okta proposes work as they are: **userName** is the email address, **givenName**, **familyName**, **email** and **displayName** are stored.',
    ],
  },
  {
    product: 'entra-id',
    name: 'Microsoft Entra ID',
    values: ['entityId', 'acsUrl'],
    steps: [
      'In the Microsoft Entra admin center, open **Entra ID › Enterprise apps** (older menus: **Identity › Applications › Enterprise applications**) and click **New application**.',
      'Click **Create your own application**, name it, choose **Integrate any other application you don’t find in the gallery (Non-gallery)** and click **Create**.',
      'In the new application, open **Single sign-on** and choose **SAML**.',
      'In **Basic SAML Configuration**, click **Edit**: add {entityId} under **Identifier (Entity ID)** and {acsUrl} under **Reply URL (Assertion Consumer Service URL)**, then **Save**.',
      'In **Attributes & Claims**, click **Edit**, open **Unique User Identifier (Name ID)**, set **Choose name identifier format** to **Email address** and **Source attribute** to **user.mail** (or user.userprincipalname when every UPN is the person’s email address), and **Save**.',
      'The claims Entra ID sends by default (given name, surname, display name) are what the Entra ID preset reads: nothing to add.',
      `Open **Users and groups** and click **Add user/group**. ${ASSIGN}`,
    ],
    metadata:
      'In **SAML Certificates**, copy the **App Federation Metadata Url** and paste it into Portcullis (Portcullis fetches it every hour, so Entra’s certificate rollover needs nothing from you).',
    quirks: [
      'Entra ID sends names as claim URIs, such as http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname: the Entra ID preset maps them.',
      'Entra ID’s default Name ID is the user principal name, which is not always the email address: choose **user.mail** unless your UPNs are email addresses.',
      'Entra ID signs the assertion with SHA-256 by default (**SAML Certificates › Signing Option**: Sign SAML assertion); keep it.',
      'Encrypted assertions (optional, Entra ID P1/P2): set this profile’s **Encrypted assertions** to accept them first, upload the encryption certificate from this profile’s SP metadata under **Token encryption** and activate it, and set **Signing Option** to **Sign SAML response and assertion**: Entra ID encrypts with AES-256-CBC, which Portcullis accepts only inside a signed response.',
    ],
    scim: [
      'In the same enterprise application, open **Provisioning** and click **Get started** (or **New configuration**); set **Provisioning Mode** to **Automatic**.',
      'Under **Admin Credentials**, set **Tenant URL** to {scimUrl} and **Secret Token** to a SCIM token from **SCIM and API tokens** (Portcullis shows its secret once). Click **Test Connection**, then **Save**.',
      'Under **Mappings**, open **Provision Microsoft Entra ID Users**: map **userPrincipalName** (or **mail**) to **userName** — it must be the email address in your verified domain. The other default mappings (givenName, surname, displayName, active) work as they are.',
      'Set **Provisioning Status** to **On** and **Save**. Entra ID provisions every 40 minutes; **Provision on demand** sends one person at once.',
    ],
  },
  {
    product: 'google-workspace',
    name: 'Google Workspace',
    values: ['acsUrl', 'entityId', 'nameIdFormat', 'givenName', 'familyName'],
    steps: [
      'In the Google Admin console, open **Apps › Web and mobile apps**, click **Add app** and choose **Add custom SAML app**.',
      'Enter an **App name** and click **Continue**.',
      'On **Google Identity Provider details**, click **Download Metadata** (keep the file for the next step), then **Continue**.',
      'On **Service provider details**, set **ACS URL** to {acsUrl} and **Entity ID** to {entityId}. Leave **Signed response** unticked (either way is accepted).',
      'Set **Name ID format** to **EMAIL** and **Name ID** to **Basic Information › Primary email**, then **Continue**.',
      'On **Attribute mapping**, add **First name** → {givenName} and **Last name** → {familyName}, then **Finish**.',
      'Open the app’s **User access**, choose **ON for everyone** (or for an organizational unit or group) and **Save**; it can take a few minutes to apply.',
    ],
    metadata:
      'Google has no metadata URL: upload the file you downloaded on **Google Identity Provider details** (it is also under the app’s **Download metadata**). When Google’s certificate changes (every five years), upload the new file.',
    quirks: [
      'No metadata URL: Portcullis cannot refresh Google’s metadata by itself; the profile page warns before the certificate runs out.',
      'Google has no display name attribute: the display name stays as it was (or as SCIM or an admin set it).',
      'Google signs the assertion; a **Signed response** adds a signature over the whole response, which Portcullis accepts too.',
    ],
  },
  {
    product: 'onelogin',
    name: 'OneLogin',
    values: ['entityId', 'acsUrl', 'givenName', 'familyName'],
    steps: [
      'In OneLogin **Administration**, open **Applications › Applications** and click **Add App**.',
      'Search for **SAML Custom Connector (Advanced)**, select it, enter a **Display Name** and click **Save**.',
      'On the **Configuration** tab, set **Audience (EntityID)** to {entityId}, and **Recipient** and **ACS (Consumer) URL** to {acsUrl}.',
      'Set **ACS (Consumer) URL Validator** to the ACS URL as a regular expression: start it with ^, end it with $ and put a backslash before every dot (for example ^https://login\\.example\\.com/saml/abc/acs$).',
      'Set **SAML initiator** to **Service Provider**, **SAML nameID format** to **Email** and **SAML signature element** to **Assertion** (or **Both**), then **Save**.',
      'On the **Parameters** tab, add {givenName} with the value **First Name** and {familyName} with **Last Name**, each with **Include in SAML assertion** ticked.',
      'On the **SSO** tab, set **SAML Signature Algorithm** to **SHA-256**.',
      `On the **Users** tab (or through roles under **Access**), ${ASSIGN.charAt(0).toLowerCase()}${ASSIGN.slice(1)}`,
    ],
    metadata:
      'On the **SSO** tab, copy the **Issuer URL**: it is the metadata URL (or use **More Actions › SAML Metadata** to download the file).',
    quirks: [
      'The **ACS (Consumer) URL Validator** is a regular expression, not a URL: an unescaped pattern can match more than you mean.',
      'OneLogin sends no names unless you add them as parameters; the OneLogin preset reads the two added above.',
      'OneLogin’s default signature algorithm is SHA-1, which Portcullis refuses: choose SHA-256.',
    ],
  },
  {
    product: 'jumpcloud',
    name: 'JumpCloud',
    values: ['entityId', 'acsUrl', 'givenName', 'familyName'],
    steps: [
      'In the JumpCloud Admin Portal, open **SSO Applications** (under **Access**, formerly **User Authentication**) and click **+ Add New Application**.',
      'Choose **Custom Application**, click **Next**, tick **Manage Single Sign-On (SSO)** with **Configure SSO with SAML**, click **Next**, enter a **Display Label** and **Save Application**, then **Configure Application**.',
      'On the **SSO** tab, set **IdP Entity ID** to a name of your choice (for example your company’s JumpCloud name), **SP Entity ID** to {entityId} and **ACS URLs** to {acsUrl}.',
      'Set **SAMLSubject NameID** to **email**, **SAMLSubject NameID Format** to urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress, and **Signature Algorithm** to **RSA-SHA256**; under **Sign**, choose **Assertion** (or **Response and Assertion**).',
      'Under **Attributes**, add {givenName} with the JumpCloud attribute **firstname** and {familyName} with **lastname**.',
      'On the **User Groups** tab, tick the groups whose members should sign in (yours too, for the test), then click **Save** (or **Activate**).',
    ],
    metadata:
      'On the application’s **SSO** tab, click **Copy Metadata URL** and paste it into Portcullis, or **Export Metadata** and upload the file.',
    quirks: [
      'JumpCloud’s **IdP Entity ID** is yours to choose and must be unique in your JumpCloud organization.',
      'JumpCloud sends no names unless you add them under **Attributes**; the JumpCloud preset reads the two added above.',
    ],
  },
  {
    product: 'ping',
    name: 'PingOne / PingFederate',
    values: ['acsUrl', 'entityId', 'givenName', 'familyName'],
    steps: [
      'PingOne: in the admin console, open **Applications › Applications** and click **+** (**Add Application**).',
      'Enter an **Application Name**, choose **SAML Application** and click **Configure**.',
      'Under **SAML Configuration**, choose **Manually Enter**: set **ACS URLs** to {acsUrl} and **Entity ID** to {entityId}, then **Save**. (Or **Import From URL** with the SP metadata URL.)',
      'On the **Attribute Mappings** tab, click **Edit**: map **saml_subject** to **Email Address**, and add {givenName} → **Given Name** and {familyName} → **Family Name**; **Save**.',
      'On the **Configuration** tab, click the pencil: set **Subject NameID Format** to urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress and **Signing Algorithm** to **RSA_SHA256**, then **Save**.',
      'On the **Access** tab, choose the groups allowed to sign in, and turn the application on with the toggle in the list.',
      'PingFederate: create an **SP Connection** (**Applications › Integration › SP Connections › Create Connection**) with **Browser SSO** and **SAML 2.0**, import the SP metadata URL, use SP-initiated SSO with the **POST** binding, send the email address as the SAML_SUBJECT (format emailAddress) and the two name attributes above, sign the assertion with RSA-SHA256.',
    ],
    metadata:
      'PingOne: on the **Configuration** tab, copy the **IDP Metadata URL** and paste it into Portcullis. PingFederate: export the connection’s metadata (**Export Metadata**) and upload the file, or use its /pf/federation_metadata.ping?PartnerSpId= URL.',
    quirks: [
      'PingOne sends the subject as configured by **saml_subject**: map it to the email address, not the user ID.',
      'Ping sends no names unless mapped; the Ping preset reads the two added above.',
    ],
  },
  {
    product: 'adfs',
    name: 'AD FS',
    values: ['metadataUrl', 'entityId', 'acsUrl'],
    steps: [
      'In **AD FS Management**, open **Relying Party Trusts** and click **Add Relying Party Trust…**; choose **Claims aware** and click **Start**.',
      'Choose **Import data about the relying party published online or on a local network** and enter {metadataUrl} (this needs HTTPS that AD FS trusts); otherwise choose **Enter data about the relying party manually**.',
      'Manually: enter a **Display name**; on **Configure URL**, tick **Enable support for the SAML 2.0 WebSSO protocol** and enter {acsUrl}; on **Configure Identifiers**, add {entityId}.',
      'Choose an **Access Control Policy** (for example **Permit everyone**, or a group), then **Finish** with **Configure claims issuance policy for this application** ticked.',
      'In **Edit Claim Issuance Policy**, click **Add Rule…**, choose **Send LDAP Attributes as Claims**, pick **Active Directory** and map **E-Mail-Addresses** → **E-Mail Address**, **Given-Name** → **Given Name**, **Surname** → **Surname**, **Display-Name** → **Common Name**.',
      'Add a second rule, **Transform an Incoming Claim**: **Incoming claim type** **E-Mail Address**, **Outgoing claim type** **Name ID**, **Outgoing name ID format** **Email**.',
      'Open the trust’s **Properties › Advanced** and check that **Secure hash algorithm** is **SHA-256**.',
    ],
    metadata:
      'The AD FS metadata URL is https://<your AD FS host>/FederationMetadata/2007-06/FederationMetadata.xml: paste it into Portcullis if Portcullis can reach it, otherwise download it and upload the file.',
    quirks: [
      'AD FS sends names with the xmlsoap claim URIs (given name, surname, and Common Name for the display name): the AD FS preset maps them.',
      'Without the **Transform an Incoming Claim** rule AD FS sends no NameID, and the sign-in is refused.',
      'A trust imported from metadata signs requests with SHA-256; one entered by hand may start at SHA-1, which Portcullis refuses.',
      'Encrypted assertions (optional): set this profile’s **Encrypted assertions** to accept them first, update the trust from the SP metadata (its **Encryption** tab then holds the certificate), and run `Set-AdfsRelyingPartyTrust -TargetName <name> -SamlResponseSignature MessageAndAssertion`: AD FS encrypts with AES-256-CBC, which Portcullis accepts only inside a signed response.',
    ],
  },
  {
    product: 'keycloak',
    name: 'Keycloak',
    values: ['metadataUrl', 'entityId', 'acsUrl', 'givenName', 'familyName'],
    steps: [
      'In the Keycloak admin console, choose your realm, open **Clients** and click **Import client**; paste {metadataUrl} into a browser, save the file, and load it as **Resource file** — Keycloak fills in the client ID, the ACS URL and the SP certificate. **Save**.',
      'Without importing: **Clients › Create client**, **Client type** **SAML**, **Client ID** {entityId}; on the next page set **Valid redirect URIs** to {acsUrl}, and under **Advanced › Fine Grain SAML Endpoint Configuration** set **Assertion Consumer Service POST Binding URL** to {acsUrl}.',
      'On the client’s **Settings** tab, under **SAML capabilities**, set **Name ID format** to **email** and turn on **Force name ID format**; under **Signature and Encryption**, turn on **Sign assertions** and keep **Signature algorithm** **RSA_SHA256**.',
      'On **Client scopes**, open the client’s **…-dedicated** scope, **Add mapper › By configuration › User Property**: property **firstName**, **SAML Attribute Name** {givenName}; a second one with **lastName** and {familyName}.',
      'On the **Keys** tab, leave **Client signature required** on only if the client was imported from the SP metadata (it holds Portcullis’s signing certificate).',
    ],
    metadata:
      'The realm’s metadata URL is https://<your Keycloak host>/realms/<realm>/protocol/saml/descriptor (**Realm settings › General › Endpoints › SAML 2.0 Identity Provider Metadata**): paste it into Portcullis.',
    quirks: [
      'Keycloak signs only the document (the response) by default: turn on **Sign assertions** — Portcullis always requires the assertion’s own signature.',
      'Encrypted assertions (optional): set this profile’s **Encrypted assertions** to accept them first, then on the client’s **Keys** tab turn on **Encrypt assertions** and import the encryption certificate from this profile’s SP metadata; keep **Sign documents** on (Keycloak encrypts with AES-128-CBC by default, which Portcullis accepts only inside a signed response).',
      'A client created by hand has **Client signature required** on without Portcullis’s certificate: import the client from the SP metadata, or turn it off.',
      'Keycloak sends no names by default; the Keycloak preset reads the two mappers added above.',
    ],
  },
  {
    product: 'other',
    name: 'Another SAML 2.0 identity provider',
    values: ['metadataUrl', 'entityId', 'acsUrl', 'nameIdFormat'],
    steps: [
      'If your IdP imports service provider metadata, give it {metadataUrl} (or the downloaded file): it holds everything below and Portcullis’s signing certificate.',
      'Otherwise create a SAML 2.0 application (a “service provider” or “relying party”) with the entity ID / audience {entityId} and the ACS URL {acsUrl}, with the HTTP-POST binding.',
      'Send the person’s email address as the NameID, with the format {nameIdFormat} (or unspecified).',
      'Sign the assertion (or the whole response) with RSA-SHA256 or stronger; SHA-1 signatures are refused.',
      'Optionally send the given, family and display names as attributes; after the connection test, the profile’s **Names** tab shows what arrived and which preset matches.',
      ASSIGN,
    ],
    metadata:
      'Paste your IdP’s metadata URL into Portcullis if it has one (Portcullis fetches it every hour), or upload the metadata file.',
    quirks: [
      'Portcullis accepts SP-initiated sign-ins; an IdP-initiated one is turned into an SP-initiated one, so the IdP’s tile works too.',
      'Encrypted assertions are not accepted yet: turn assertion encryption off at the IdP.',
    ],
  },
]

export function guideFor(product: IdPProduct): IdPGuide {
  return IDP_GUIDES.find((g) => g.product === product) ?? (IDP_GUIDES.at(-1) as IdPGuide)
}

/** A guide's text in parts: plain text, a UI name (**…**), or a value ({…}). */
export type GuidePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'ui'; readonly text: string }
  | { readonly kind: 'value'; readonly value: GuideValue }

export function guideParts(text: string): GuidePart[] {
  const parts: GuidePart[] = []
  for (const piece of text.split(/(\*\*[^*]+\*\*|\{[a-zA-Z]+\})/)) {
    if (piece === '') continue
    if (piece.startsWith('**')) parts.push({ kind: 'ui', text: piece.slice(2, -2) })
    else if (/^\{[a-zA-Z]+\}$/.test(piece) && Object.hasOwn(PLACEHOLDERS, piece.slice(1, -1)))
      parts.push({ kind: 'value', value: piece.slice(1, -1) as GuideValue })
    else parts.push({ kind: 'text', text: piece })
  }
  return parts
}

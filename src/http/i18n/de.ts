/** Every string of the server-rendered pages in German (keys and placeholders as in `en.ts`). */
import type { Messages } from './en.ts'

export const de: Messages = {
  'frame.sign_in_to': 'Bei {app} anmelden',
  'frame.organization': 'Organisation: {org}',
  'frame.back': 'Zurück zu {app}',
  'frame.back_generic': 'Zurück zur Anwendung',
  'frame.support':
    'Brauchen Sie Hilfe? Wenden Sie sich an {contact} und nennen Sie den Fehlercode.',
  'frame.logo': 'Logo von {product}',

  'email.title': 'Anmelden',
  'email.label': 'E-Mail-Adresse',
  'email.continue': 'Weiter',
  'email.use_password': 'Stattdessen mit Passwort anmelden',
  'email.use_password_hint':
    'Nur wenn Ihr Administrator Ihrem Konto erlaubt, Single Sign-on zu umgehen.',

  'password.title': 'Passwort eingeben',
  'password.signing_in_as': 'Anmeldung als {email}',
  'password.label': 'Passwort',
  'password.submit': 'Anmelden',
  'password.forgot': 'Passwort vergessen?',
  'password.use_sso': 'Mit Single Sign-on anmelden',
  'password.other_email': 'Andere E-Mail-Adresse verwenden',

  'second_factor.title': 'Bestätigen Sie, dass Sie es sind',
  'second_factor.text':
    'Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App für {email} ein.',
  'second_factor.code_label': 'Code',
  'second_factor.submit': 'Weiter',
  'second_factor.recovery_summary': 'Stattdessen einen Wiederherstellungscode verwenden',
  'second_factor.recovery_label': 'Wiederherstellungscode',
  'second_factor.recovery_submit': 'Mit dem Wiederherstellungscode anmelden',
  'enrol.title': 'Zweistufige Anmeldung einrichten',
  'enrol.text':
    'Ihre Organisation verlangt bei der Anmeldung mit Passwort einen zweiten Schritt. Richten Sie eine Authenticator-App für {email} ein.',
  'enrol.codes_title': 'Speichern Sie Ihre Wiederherstellungscodes',
  'enrol.continue': 'Ich habe sie gespeichert – weiter',
  'account.title': 'Ihr Konto',
  'account.name': 'Name',
  'account.email': 'E-Mail',
  'account.organization': 'Organisation',
  'account.done_password': 'Ihr Passwort wurde geändert. Ihre anderen Sitzungen wurden abgemeldet.',
  'account.done_factor_added': 'Die Authenticator-App wurde hinzugefügt.',
  'account.done_factor_renamed': 'Der Name wurde gespeichert.',
  'account.done_factor_removed': 'Die Anmeldemethode wurde entfernt.',
  'account.done_signed_out': 'Abgemeldet.',
  'account.password_title': 'Passwort',
  'account.password_text':
    'Wenn Sie Ihr Passwort ändern, werden Sie überall sonst abgemeldet. Ihre zweiten Faktoren bleiben erhalten.',
  'account.password_current': 'Aktuelles Passwort',
  'account.password_submit': 'Passwort ändern',
  'account.factors_title': 'Zweistufige Anmeldung',
  'account.factors_sso':
    'Sie melden sich über den Identitätsanbieter Ihrer Organisation an; er entscheidet, wie Sie sich ausweisen.',
  'account.factors_required':
    'Ihre Organisation verlangt nach dem Passwort einen zweiten Schritt: Behalten Sie mindestens eine Authenticator-App oder einen Passkey.',
  'account.factors_optional':
    'Ein zweiter Schritt nach dem Passwort schützt Ihr Konto, auch wenn jemand das Passwort kennt.',
  'account.factors_off':
    'Ihre Organisation bietet keinen zweiten Schritt an; vorhandene werden weiterhin abgefragt.',
  'account.factors_none': 'Sie haben noch keinen zweiten Schritt.',
  'account.factor_last_used': 'Zuletzt verwendet',
  'account.factor_new_name': 'Neuer Name für {name}',
  'account.factor_rename': 'Name speichern',
  'account.factor_remove': 'Entfernen',
  'account.factor_remove_named': '{name} entfernen',
  'account.kind_totp': 'Authenticator-App',
  'account.kind_passkey': 'Passkey',
  'account.totp_name': 'Name einer neuen Authenticator-App (optional)',
  'account.totp_name_placeholder': 'zum Beispiel: Diensthandy',
  'account.totp_add': 'Authenticator-App hinzufügen',
  'account.totp_title': 'Authenticator-App hinzufügen',
  'account.recovery_title': 'Wiederherstellungscodes',
  'account.recovery_left': 'Sie haben {count} unbenutzte Wiederherstellungscodes.',
  'account.recovery_new': 'Neue Wiederherstellungscodes erzeugen',
  'account.codes_done': 'Ich habe sie gespeichert – zurück zu meinem Konto',
  'account.cancel': 'Abbrechen',
  'account.sessions_title': 'Wo Sie angemeldet sind',
  'account.session_started': 'Angemeldet',
  'account.session_last_seen': 'Zuletzt aktiv',
  'account.session_current': 'Dieser Browser',
  'account.session_sign_out': 'Abmelden',
  'account.sessions_sign_out_others': 'Überall sonst abmelden',
  'account.sign_out_title': 'Abmelden',
  'account.sign_out': 'In diesem Browser abmelden',
  'email.use_passkey': 'Mit einem Passkey anmelden',
  'passkey.failed':
    'Der Passkey wurde nicht verwendet. Versuchen Sie es erneut oder wählen Sie einen anderen Weg.',
  'second_factor.text_passkey':
    'Verwenden Sie Ihren Passkey oder Sicherheitsschlüssel für {email}.',
  'second_factor.use_passkey': 'Passkey oder Sicherheitsschlüssel verwenden',
  'account.passkey_name': 'Name eines neuen Passkeys (optional)',
  'account.passkey_name_placeholder': 'zum Beispiel: Laptop',
  'account.passkey_add': 'Passkey oder Sicherheitsschlüssel hinzufügen',
  'account.done_passkey_added': 'Der Passkey wurde hinzugefügt.',
  'logout.account': 'Stattdessen Ihr Konto verwalten (Passwort, zweistufige Anmeldung, Sitzungen)',
  'totp.scan':
    'Scannen Sie den QR-Code mit einer Authenticator-App (zum Beispiel Google Authenticator, Microsoft Authenticator oder 1Password).',
  'totp.enter_code': 'Geben Sie den 6-stelligen Code ein, den die App dann anzeigt.',
  'totp.qr_label': 'QR-Code zum Scannen mit Ihrer Authenticator-App',
  'totp.manual': 'Scannen klappt nicht? Geben Sie stattdessen diesen Schlüssel in die App ein:',
  'totp.code_label': 'Code aus der App',
  'totp.confirm': 'Bestätigen',
  'recovery.text':
    'Jeder dieser Codes meldet Sie einmal an, falls Sie Ihren Authenticator verlieren. Bewahren Sie sie sicher auf, etwa in einem Passwort-Manager: Sie werden nur jetzt angezeigt.',

  'sso.title': 'Weiter zu Ihrem Identitätsanbieter',
  'sso.text': 'Ihre Organisation meldet Sie über ihren Identitätsanbieter an.',
  'sso.continue': 'Weiter',

  'error.title': 'Die Anmeldung ist fehlgeschlagen',
  'error.title_logout': 'Die Abmeldung ist fehlgeschlagen',
  'error.title_sso': 'Single Sign-on erforderlich',
  'error.title_test': 'Der Verbindungstest konnte nicht starten',
  'error.reason': 'Fehlercode: {code}',
  'error.start_again': 'Neu beginnen',

  'invite.title': 'Konto aktivieren',
  'invite.text': 'Wählen Sie ein Passwort für {email}.',
  'invite.submit': 'Konto aktivieren',
  'invite.done_title': 'Ihr Konto ist aktiv',
  'invite.done_text':
    '{email} kann sich jetzt anmelden. Wenn Ihre Organisation Single Sign-on verlangt, melden Sie sich über ihren Identitätsanbieter an.',
  'invite.done_sign_in': 'Anmelden',
  'invite.done_signed_in': '{email} ist aktiv und angemeldet. Weiter zur Anwendung.',
  'done.account': 'Ihr Konto (Passwort, zweistufige Anmeldung, Sitzungen)',

  'new_password.label': 'Neues Passwort',
  'new_password.hint':
    'Mindestens 12 Zeichen, ohne den Teil Ihrer E-Mail-Adresse vor dem @ (einige Wörter ohne Zusammenhang eignen sich gut).',
  'new_password.repeat': 'Passwort wiederholen',

  'forgot.title': 'Passwort zurücksetzen',
  'forgot.text':
    'Geben Sie Ihre E-Mail-Adresse ein. Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort wählen.',
  'forgot.submit': 'Link senden',
  'forgot.sent_title': 'Sehen Sie in Ihr Postfach',
  'forgot.sent_text':
    'Wenn ein Konto diese Adresse verwendet, ist eine Nachricht mit den nächsten Schritten unterwegs. Das kann einige Minuten dauern; sehen Sie auch im Spam-Ordner nach. Ein Link zum Zurücksetzen gilt einmal, für eine Stunde.',
  'forgot.back': 'Zurück zur Anmeldung',
  'reset.title': 'Neues Passwort wählen',
  'reset.text': 'Für {email}. Sie werden überall abgemeldet.',
  'reset.submit': 'Passwort festlegen',
  'reset.done_title': 'Ihr Passwort ist geändert',
  'reset.done_text':
    '{email} ist überall abgemeldet. Melden Sie sich mit dem neuen Passwort wieder an.',
  'reset.done_signed_in':
    '{email} wurde überall sonst abgemeldet und ist hier mit dem neuen Passwort angemeldet.',

  'logout.title': 'Abmelden',
  'logout.question': 'Abmelden?',
  'logout.submit': 'Abmelden',
  'logout.done_title': 'Abgemeldet',
  'logout.done_heading': 'Sie sind abgemeldet',
  'logout.done_text': 'Sie können diese Seite schließen.',

  'signed_in.title': 'Angemeldet',
  'signed_in.heading': 'Sie sind angemeldet',
  'signed_in.text': 'Öffnen Sie Ihre Anwendung; sie verwendet diese Anmeldung.',

  'test.title': 'Verbindungstest',
  'test.passed': 'Verbindungstest bestanden',
  'test.failed': 'Verbindungstest fehlgeschlagen',
  'test.passed_text':
    'Der Identitätsanbieter hat {email} angemeldet. Es wurde keine Sitzung erstellt.',
  'test.failed_text':
    'Es wurde keine Sitzung erstellt. Beheben Sie, was unten aufgeführt ist, und testen Sie erneut.',
  'test.attributes': 'Attribute',
  'test.encryption': 'Verschlüsselung',
  'test.encrypted': 'Verschlüsselt: {data}, Schlüsseltransport {transport}',
  'test.not_encrypted': 'Nicht verschlüsselt',
  'test.names': 'Namen aus der Attributzuordnung',
  'test.names_unmapped':
    'Es ist keine Attributzuordnung festgelegt: Anmeldungen lassen die Namen unverändert.',
  'test.names_ignored': '{attribute}: nicht verwendet ({reason})',
  'test.names_missing': '{attribute}: nicht gesendet',
  'field.givenName': 'Vorname',
  'field.familyName': 'Nachname',
  'field.displayName': 'Anzeigename',
  'reason.multi_valued': 'mehrere Werte',
  'reason.too_long': 'länger als 200 Zeichen',
  'reason.control_characters': 'Steuerzeichen',
  'reason.empty': 'leer',
  'test.back': 'Zurück zum SSO-Profil im Admin Center',
  'test.continue': 'Mit der SSO-Einrichtung fortfahren',
  'test.confirm_title': 'Single-Sign-on-Verbindung testen',
  'test.confirm_text':
    'Dies testet {profile}. Sie werden zur Anmeldung an {destination} weitergeleitet; hier wird keine Sitzung erstellt.',
  'test.confirm_warning': 'Fahren Sie nur fort, wenn Sie diesen Test gestartet haben.',
  'test.confirm_submit': 'Weiter zu {destination}',

  'admin.no_access_title': 'Kein Zugang zum Admin Center',
  'admin.no_access_text':
    'Sie sind als {email} angemeldet. Das Admin Center ist für die Administratoren Ihrer Organisation; wenden Sie sich an einen von ihnen, wenn Sie etwas ändern möchten.',
  'admin.not_built_title': 'Das Admin Center ist nicht gebaut',
  'admin.not_built_text': 'Der Betreiber muss {command} ausführen (das geschieht bei npm ci).',
  'admin.sign_in_again': 'Wieder beim Admin Center anmelden',

  'next.default':
    'Kehren Sie zu der Anwendung zurück, bei der Sie sich anmelden wollten, und versuchen Sie es erneut.',
  'next.login.transaction_expired':
    'Kehren Sie zu der Anwendung zurück, bei der Sie sich anmelden wollten, und beginnen Sie neu. Anmeldeseiten laufen nach 15 Minuten ab und funktionieren nur im Browser-Tab, in dem sie begonnen wurden.',
  'next.login.csrf_failed':
    'Kehren Sie zu der Anwendung zurück, bei der Sie sich anmelden wollten, und beginnen Sie neu.',
  'next.login.invalid_credentials':
    'Prüfen Sie E-Mail-Adresse und Passwort und versuchen Sie es erneut.',
  'next.login.invalid_code':
    'Geben Sie den Code ein, den Ihre App jetzt zeigt (jeder Code gilt einmal), oder einen Ihrer Wiederherstellungscodes.',
  'next.login.passkey_failed':
    'Versuchen Sie es erneut oder melden Sie sich mit E-Mail-Adresse und Passwort an.',
  'next.factor.invalid_code':
    'Geben Sie den Code ein, den Ihre App jetzt anzeigt; jeder Code gilt nur einmal.',
  'next.factor.required':
    'Fügen Sie zuerst eine weitere Authenticator-App hinzu und entfernen Sie dann diese.',
  'next.factor.too_many': 'Entfernen Sie eine Anmeldemethode, die Sie nicht mehr verwenden.',
  'next.login.second_factor_expired':
    'Beginnen Sie neu und geben Sie Ihr Passwort und dann den Code ein.',
  'next.login.locked':
    'Warten Sie einige Minuten, bevor Sie es erneut versuchen, oder bitten Sie Ihren Administrator um Hilfe.',
  'next.login.rate_limited': 'Warten Sie einige Minuten, bevor Sie es erneut versuchen.',
  'next.login.busy': 'Versuchen Sie es in einigen Sekunden erneut.',
  'next.login.sso_required':
    'Melden Sie sich über den Identitätsanbieter Ihrer Organisation an. Wenn das nicht funktioniert, fragen Sie Ihren Administrator.',
  'next.login.sso_unavailable':
    'Ihre Organisation verlangt Single Sign-on, es ist aber noch nicht eingerichtet. Fragen Sie Ihren Administrator.',
  'next.login.account_deactivated':
    'Bitten Sie den Administrator Ihrer Organisation, Ihr Konto wieder zu aktivieren.',
  'next.login.email_required': 'Geben Sie zuerst Ihre E-Mail-Adresse ein.',
  'next.login.organization_suspended':
    'Bitten Sie die Administration Ihrer Organisation oder den Anbieter der Anwendung, den Zugang wiederherzustellen.',
  'next.login.setup_link_other_account':
    'Melden Sie sich im Admin Center ab, öffnen Sie den Link erneut aus der Anwendung und melden Sie sich als Administrator dieser Organisation an.',
  'next.login.setup_link_invalid':
    'Öffnen Sie das Admin Center erneut aus der Anwendung: Jeder Einrichtungslink gilt nur einmal und nur wenige Minuten.',
  'next.user.invalid_email': 'Geben Sie die Adresse in der Form name@example.com ein.',
  'next.invite.invalid':
    'Bitten Sie Ihren Administrator um eine neue Einladung. Jeder Link gilt einmal und läuft nach einigen Tagen ab.',
  'next.reset.invalid':
    'Fordern Sie mit „Passwort vergessen?“ auf der Anmeldeseite einen neuen Link an. Jeder Link gilt einmal, für eine Stunde.',
  'next.password.too_short':
    'Wählen Sie ein längeres Passwort: Einige nicht zusammenhängende Wörter eignen sich gut.',
  'next.password.too_long': 'Wählen Sie ein kürzeres Passwort.',
  'next.password.mismatch': 'Geben Sie in beiden Feldern dasselbe Passwort ein.',
  'next.password.contains_email': 'Wählen Sie ein Passwort, das Ihre E-Mail-Adresse nicht enthält.',
  'next.oidc.invalid_client':
    'Die Anwendung, die Sie hierher geschickt hat, ist nicht registriert. Wenden Sie sich an den Betreiber der Anwendung.',
  'next.oidc.invalid_redirect_uri':
    'Die Anwendung, die Sie hierher geschickt hat, wollte zu einer Adresse zurückkehren, die sie nicht registriert hat. Wenden Sie sich an den Betreiber der Anwendung.',
  'next.oidc.duplicate_parameter':
    'Der Link, der Sie hierher gebracht hat, ist fehlerhaft. Kehren Sie zur Anwendung zurück und versuchen Sie es erneut.',
  'next.oidc.invalid_logout_request':
    'Schließen Sie diese Seite; Sie sind möglicherweise noch angemeldet.',
  'next.service.unavailable': 'Warten Sie einige Sekunden und versuchen Sie es dann erneut.',
  'next.saml.in_response_to_mismatch':
    'Gehen Sie zurück zur Anwendung und melden Sie sich erneut an, in einem Browser-Tab. Sie testen Portcullis über einfaches http? Dann muss der Identity Provider auf derselben Site liegen (etwa beide auf localhost): ohne https senden Browser das Cookie dieser Prüfung nicht von einer anderen Site.',

  'error.request.invalid': 'Die Anfrage ist ungültig.',
  'error.request.malformed_json': 'Der Inhalt der Anfrage ist kein gültiges JSON.',
  'error.request.too_large': 'Der Inhalt der Anfrage ist zu groß.',
  'error.request.unsupported_media_type':
    'Der Inhalt der Anfrage hat einen nicht unterstützten Typ.',
  'error.route.not_found': 'Diese Seite gibt es nicht.',
  'error.internal_error': 'Bei uns ist etwas schiefgegangen.',
  'error.service.unavailable':
    'Der Dienst ist kurz nicht verfügbar. Versuchen Sie es in einigen Sekunden erneut.',
  'error.user.invalid_email': 'Die E-Mail-Adresse ist ungültig.',
  'error.saml.too_large': 'Die Anmeldeantwort ist zu groß.',
  'error.saml.too_deep': 'Die Anmeldeantwort ist zu tief verschachtelt.',
  'error.saml.malformed_xml': 'Die Anmeldeantwort ist kein wohlgeformtes XML.',
  'error.saml.doctype_forbidden': 'Die Anmeldeantwort enthält eine DOCTYPE-Deklaration.',
  'error.saml.malformed_response': 'Die Anmeldeantwort hat nicht die Struktur, die SAML verlangt.',
  'error.saml.encrypted_unsupported':
    'Dieses SSO-Profil nimmt keine verschlüsselten Assertions an: Schalten Sie die Verschlüsselung für das Profil ein, oder konfigurieren Sie den Identitätsanbieter so, dass er signiert, ohne zu verschlüsseln.',
  'error.saml.encryption_required':
    'Dieses SSO-Profil verlangt verschlüsselte Assertions, und der Identitätsanbieter hat eine unverschlüsselt gesendet.',
  'error.saml.encryption_algorithm':
    'Die Anmeldeantwort ist mit einem nicht zugelassenen Algorithmus verschlüsselt (RSA-OAEP mit AES-GCM, oder AES-CBC in einer signierten Antwort).',
  'error.saml.encryption_invalid':
    'Die verschlüsselte Assertion hat nicht die Struktur, die dieser Dienst annimmt.',
  'error.saml.decryption_failed':
    'Die verschlüsselte Assertion ließ sich mit den Schlüsseln dieses Dienstes nicht entschlüsseln.',
  'error.saml.signature_missing': 'Die Anmeldeantwort ist nicht wie verlangt signiert.',
  'error.saml.signature_invalid':
    'Die Signatur der Anmeldeantwort ist für diese Verbindung nicht gültig.',
  'error.saml.signature_algorithm':
    'Die Anmeldeantwort verwendet einen nicht zugelassenen Signaturalgorithmus.',
  'error.saml.issuer_mismatch': 'Die Anmeldeantwort stammt von einem anderen Identitätsanbieter.',
  'error.saml.status_not_success': 'Der Identitätsanbieter hat Sie nicht angemeldet.',
  'error.saml.audience_mismatch': 'Diese Anmeldeantwort war für eine andere Anwendung bestimmt.',
  'error.saml.destination_mismatch': 'Diese Anmeldeantwort wurde an eine andere Adresse gesendet.',
  'error.saml.recipient_mismatch': 'Diese Anmeldeantwort war für eine andere Adresse bestimmt.',
  'error.saml.subject_confirmation_invalid':
    'Die Anmeldeantwort enthält keine gültige Bearer-Bestätigung.',
  'error.saml.not_yet_valid': 'Die Anmeldeantwort ist noch nicht gültig.',
  'error.saml.expired': 'Die Anmeldeantwort ist abgelaufen.',
  'error.saml.invalid_time': 'Die Anmeldeantwort enthält eine fehlerhafte Zeitangabe.',
  'error.saml.condition_unsupported':
    'Die Anmeldeantwort enthält eine Bedingung, die dieser Dienst nicht unterstützt.',
  'error.saml.in_response_to_mismatch':
    'Die Anmeldeantwort gehört zu keiner Anmeldung, die in diesem Browser begonnen wurde.',
  'error.saml.replayed': 'Diese Anmeldeantwort wurde bereits verwendet.',
  'error.saml.nameid_invalid':
    'Der Identitätsanbieter hat keine E-Mail-Adresse als Benutzernamen gesendet.',
  'error.saml.domain_not_verified':
    'Ihre E-Mail-Domain ist für diese Organisation nicht verifiziert.',
  'error.saml.unknown_user':
    'Sie haben hier kein Konto. Bitten Sie Ihren Administrator, Sie hinzuzufügen.',
  'error.saml.user_inactive': 'Ihr Konto ist nicht aktiv.',
  'error.saml.sso_not_allowed':
    'Single Sign-on ist für Ihr Konto ausgeschaltet; melden Sie sich mit Ihrem Passwort an.',
  'error.saml.metadata_expired':
    'Die Metadaten des Identitätsanbieters dieser Single-Sign-on-Verbindung sind abgelaufen.',
  'error.saml.test_not_yours':
    'Dieser Verbindungstest wurde in der Sitzung eines anderen Administrators gestartet.',
  'error.saml.profile_unavailable':
    'Diese Single-Sign-on-Verbindung existiert nicht oder ist deaktiviert.',
  'error.saml.binding_invalid':
    'Anmeldeantworten müssen als Formular mit genau einem Feld SAMLResponse gesendet werden.',
  'error.oidc.invalid_client':
    'Die Anwendung ist nicht registriert oder konnte sich nicht authentifizieren.',
  'error.oidc.invalid_redirect_uri':
    'Die Weiterleitungsadresse ist für diese Anwendung nicht registriert.',
  'error.oidc.duplicate_parameter': 'Ein Parameter der Anfrage wurde mehrfach angegeben.',
  'error.oidc.invalid_request': 'Die Anmeldeanfrage ist ungültig.',
  'error.oidc.pkce_required': 'Die Anmeldeanfrage muss PKCE mit S256 verwenden.',
  'error.oidc.unsupported_response_type': 'Nur der Authorization-Code-Flow wird unterstützt.',
  'error.oidc.invalid_scope': 'Der angeforderte Scope muss openid enthalten.',
  'error.oidc.request_not_supported': 'Request-Objekte werden nicht unterstützt.',
  'error.oidc.login_required': 'Der Benutzer ist nicht angemeldet.',
  'error.oidc.invalid_grant':
    'Der Autorisierungscode ist ungültig, abgelaufen oder wurde bereits verwendet.',
  'error.oidc.unsupported_grant_type': 'Nur der Grant-Typ authorization_code wird unterstützt.',
  'error.oidc.invalid_token': 'Das Zugriffstoken ist ungültig oder abgelaufen.',
  'error.oidc.invalid_logout_request': 'Die Abmeldeanfrage ist ungültig.',
  'error.login.transaction_expired': 'Dieser Anmeldeversuch ist abgelaufen.',
  'error.login.csrf_failed': 'Dieses Formular wurde nicht von dieser Anmeldeseite gesendet.',
  'error.login.invalid_credentials': 'E-Mail-Adresse oder Passwort ist falsch.',
  'error.login.invalid_code': 'Der Code stimmt nicht oder wurde schon verwendet.',
  'error.login.passkey_failed': 'Mit diesem Passkey konnten Sie nicht angemeldet werden.',
  'error.factor.passkey_failed':
    'Der Passkey konnte nicht hinzugefügt werden. Versuchen Sie es erneut oder verwenden Sie einen anderen Passkey oder Sicherheitsschlüssel.',
  'error.factor.invalid_name': 'Der Name der Anmeldemethode ist ungültig.',
  'error.factor.not_found': 'Diese Anmeldemethode wurde nicht gefunden.',
  'error.factor.too_many':
    'Sie haben bereits so viele Anmeldemethoden wie erlaubt (10). Entfernen Sie zuerst eine.',
  'error.factor.invalid_code':
    'Der Code stimmt nicht oder wurde schon verwendet. Geben Sie den aktuellen Code aus Ihrer App ein.',
  'error.factor.required':
    'Ihre Organisation verlangt einen zweiten Anmeldeschritt: Fügen Sie eine weitere Authenticator-App oder einen Passkey hinzu, bevor Sie diesen entfernen.',
  'error.factor.not_offered': 'Ihre Organisation bietet keinen zweiten Anmeldeschritt an.',
  'error.factor.sso_user':
    'Der Identitätsanbieter Ihrer Organisation entscheidet, wie Sie sich anmelden; hier gibt es nichts einzustellen.',
  'error.login.second_factor_expired':
    'Seit der Eingabe Ihres Passworts ist zu viel Zeit vergangen.',
  'error.login.locked': 'Zu viele Fehlversuche. Die Anmeldung ist eine Weile gesperrt.',
  'error.login.busy': 'Gerade melden sich zu viele Personen an.',
  'error.login.rate_limited': 'Zu viele Anmeldeversuche. Versuchen Sie es in einer Weile erneut.',
  'error.login.sso_required': 'Ihre Organisation verlangt Single Sign-on.',
  'error.login.sso_unavailable': 'Single Sign-on ist für Ihr Konto noch nicht verfügbar.',
  'error.login.account_deactivated': 'Ihr Konto wurde deaktiviert.',
  'error.login.email_required': 'Geben Sie zuerst Ihre E-Mail-Adresse ein.',
  'error.login.organization_suspended':
    'Der Zugang Ihrer Organisation zu dieser Anwendung ist gesperrt.',
  'error.login.setup_link_other_account':
    'Dieser Einrichtungslink ist für die Administration einer anderen Organisation bestimmt.',
  'error.login.setup_link_invalid':
    'Dieser Einrichtungslink ist ungültig, abgelaufen oder wurde bereits verwendet.',
  'error.reset.invalid':
    'Dieser Link zum Zurücksetzen des Passworts ist ungültig, abgelaufen oder wurde bereits verwendet. Fordern Sie einen neuen an.',
  'error.invite.invalid':
    'Dieser Einladungslink ist ungültig, abgelaufen oder wurde bereits verwendet.',
  'error.password.too_short': 'Das Passwort muss mindestens 12 Zeichen lang sein.',
  'error.password.too_long': 'Das Passwort darf höchstens 256 Zeichen lang sein.',
  'error.password.mismatch': 'Die beiden Passwörter stimmen nicht überein.',
  'error.password.contains_email': 'Das Passwort darf Ihre E-Mail-Adresse nicht enthalten.',
}

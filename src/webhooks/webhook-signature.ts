/**
 * Standard Webhooks signatures (standardwebhooks.com), made by the specification's own library
 * (`standardwebhooks`): `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` HMAC-SHA256
 * over `id.timestamp.body`), one signature per secret while a rotated-out secret is still valid.
 */
import { Webhook } from 'standardwebhooks'

export function signatureHeaders(
  secrets: readonly string[],
  messageId: string,
  at: Date,
  body: string,
): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, body))
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  }
}

/**
 * Error codes of the operator API (issues 23, 24) and of what it turns on or off in an organization: plans,
 * suspension, operator tokens, idempotent creates, clients, setup links, events and webhooks. Part of the
 * one table in codes.ts.
 */
export const OPERATOR_ERRORS = {
  'auth.insufficient_scope': {
    status: 403,
    message: 'The operator token lacks the scope this route needs.',
  },
  'org.invalid_external_id': { status: 400, message: 'The external ID is invalid.' },
  'org.external_id_taken': {
    status: 409,
    message: 'Another organization has this external ID; its id is in the details.',
  },
  'org.unknown_feature': { status: 400, message: 'A feature is unknown.' },
  'org.feature_disabled': {
    status: 403,
    message: 'This is not in your organization’s plan. Ask your provider.',
  },
  'org.suspended': { status: 403, message: 'This organization is suspended.' },
  'org.not_suspended': {
    status: 409,
    message: 'Suspend the organization before deleting it.',
  },
  'org.enforcement_active': {
    status: 409,
    message:
      'A domain of this organization enforces single sign-on: turning sso off needs "liftEnforcement": true.',
  },
  'org.owner_active': {
    status: 409,
    message: 'The owner has already accepted an invitation; a new one cannot be issued.',
  },
  'idempotency.invalid_key': {
    status: 400,
    message: 'The Idempotency-Key header must be 1 to 200 printable ASCII characters.',
  },
  'idempotency.key_reused': {
    status: 422,
    message: 'This Idempotency-Key was used with a different request.',
  },
  'operator_token.not_found': { status: 404, message: 'Operator token not found.' },
  'operator_token.invalid_scope': {
    status: 400,
    message: 'A scope is unknown (orgs:read, orgs:write, clients:write, events:read).',
  },
  'client.not_found': { status: 404, message: 'Client not found.' },
  'event.unknown_type': { status: 400, message: 'An event type is unknown.' },
  'event.not_found': { status: 404, message: 'Event not found (or no longer kept).' },
  'webhook.invalid_url': {
    status: 400,
    message:
      'The endpoint URL must be https (http only on localhost), without credentials or fragment.',
  },
  'webhook.invalid_name': { status: 400, message: 'The endpoint name is invalid.' },
  'webhook.not_found': { status: 404, message: 'Webhook endpoint not found.' },
  'webhook.too_many': {
    status: 409,
    message: 'This client has as many webhook endpoints as it may (10).',
  },
  'client.builtin': {
    status: 409,
    message: 'The Admin Center’s own client is managed by Portcullis and cannot be changed.',
  },
  'client.not_confidential': {
    status: 409,
    message: 'A public client has no secret to rotate.',
  },
  'setup_link.invalid_intent': {
    status: 400,
    message: 'The intent must be one of sso, domains, scim, users.',
  },
  'setup_link.invalid_return_url': {
    status: 400,
    message: 'The return URL must be one of a registered client’s redirect or sign-in URIs.',
  },
} as const satisfies Record<string, { status: number; message: string }>

/** `portcullis client …`: the console applications (OIDC clients), as the operator API manages them. */
import { OPERATOR_CLI } from '../../audit/audit-event.ts'
import { describeClient } from '../../oidc/describe-client.ts'
import {
  validateClientName,
  validateBackchannelLogoutUri,
  validateIdTokenAlg,
  validateInitiateLoginUri,
  validateRedirectUris,
} from '../../oidc/oidc-client.ts'
import { asList, text, UsageError, type Command, type Options, type Values } from '../command.ts'

const URIS: Options = {
  'redirect-uri': { type: 'string', multiple: true },
  'post-logout-redirect-uri': { type: 'string', multiple: true },
  'initiate-login-uri': { type: 'string' },
  'id-token-alg': { type: 'string' },
  'backchannel-logout-uri': { type: 'string' },
}
const CLIENT: Options = { id: { type: 'string' } }

function checkRegistration(v: Values, creating: boolean): void {
  if (creating || v['name'] !== undefined) validateClientName(v['name'])
  if (creating || v['redirect-uri'] !== undefined) validateRedirectUris(asList(v['redirect-uri']))
  validateRedirectUris(asList(v['post-logout-redirect-uri']), true)
  validateInitiateLoginUri(v['initiate-login-uri'])
  validateIdTokenAlg(v['id-token-alg'])
  validateBackchannelLogoutUri(v['backchannel-logout-uri'])
}

export function overlapOf(v: Values): number | undefined {
  const raw = text(v, 'previous-secret-valid-seconds')
  if (raw === '') return undefined
  const seconds = Number(raw)
  if (!Number.isInteger(seconds))
    throw new UsageError('--previous-secret-valid-seconds must be an integer')
  return seconds
}

export const CLIENT_COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  [
    'client create',
    {
      usage: `client create --name NAME --redirect-uri URI [--redirect-uri URI ...]
                [--post-logout-redirect-uri URI ...] [--initiate-login-uri URI]
                [--id-token-alg RS256|ES256|EdDSA] [--backchannel-logout-uri URI] [--secret]
                                                  register a console application (OIDC client)`,
      options: { name: { type: 'string' }, ...URIS, secret: { type: 'boolean' } },
      required: ['name', 'redirect-uri'],
      check: (v) => checkRegistration(v, true),
      run: async (app, v) => {
        const { clientId, clientSecret } = await app.services.clients.createClient(
          {
            name: v['name'],
            redirectUris: asList(v['redirect-uri']),
            postLogoutRedirectUris: asList(v['post-logout-redirect-uri']),
            initiateLoginUri: v['initiate-login-uri'],
            idTokenAlg: v['id-token-alg'],
            backchannelLogoutUri: v['backchannel-logout-uri'],
            confidential: v['secret'] === true,
          },
          OPERATOR_CLI,
        )
        return clientSecret === undefined ? { clientId } : { clientId, clientSecret }
      },
    },
  ],
  [
    'client list',
    {
      usage: `client list                                 the registered clients (never a secret)`,
      options: {},
      required: [],
      check: () => {},
      run: async (app) => ({ clients: (await app.services.clients.list()).map(describeClient) }),
    },
  ],
  [
    'client update',
    {
      usage: `client update --id CLIENT_ID [--name NAME] [--redirect-uri URI ...]
                [--post-logout-redirect-uri URI ...] [--initiate-login-uri URI|""] [--id-token-alg ALG]
                [--backchannel-logout-uri URI|""]
                                                  change a client (a list given replaces the old one)`,
      options: { ...CLIENT, name: { type: 'string' }, ...URIS },
      required: ['id'],
      check: (v) => checkRegistration(v, false),
      run: async (app, v) => {
        const client = await app.services.clients.update(
          text(v, 'id'),
          {
            ...(v['name'] === undefined ? {} : { name: v['name'] }),
            ...(v['redirect-uri'] === undefined ? {} : { redirectUris: asList(v['redirect-uri']) }),
            ...(v['post-logout-redirect-uri'] === undefined
              ? {}
              : { postLogoutRedirectUris: asList(v['post-logout-redirect-uri']) }),
            ...(v['initiate-login-uri'] === undefined
              ? {}
              : { initiateLoginUri: v['initiate-login-uri'] }),
            ...(v['id-token-alg'] === undefined ? {} : { idTokenAlg: v['id-token-alg'] }),
            ...(v['backchannel-logout-uri'] === undefined
              ? {}
              : { backchannelLogoutUri: v['backchannel-logout-uri'] }),
          },
          OPERATOR_CLI,
        )
        return { client: describeClient(client) }
      },
    },
  ],
  [
    'client rotate-secret',
    {
      usage: `client rotate-secret --id CLIENT_ID [--previous-secret-valid-seconds N]
                                                  a new secret (printed once); the old one works N more
                                                  seconds (default 86400, 0 to stop it now)`,
      options: { ...CLIENT, 'previous-secret-valid-seconds': { type: 'string' } },
      required: ['id'],
      check: (v) => void overlapOf(v),
      run: async (app, v) => {
        const { client, clientSecret } = await app.services.clients.rotateSecret(
          text(v, 'id'),
          overlapOf(v),
          OPERATOR_CLI,
        )
        return { client: describeClient(client), clientSecret }
      },
    },
  ],
  [
    'client delete',
    {
      usage: `client delete --id CLIENT_ID                remove a client: its sign-ins and code exchanges stop`,
      options: CLIENT,
      required: ['id'],
      check: () => {},
      run: async (app, v) => {
        await app.services.clients.delete(text(v, 'id'), OPERATOR_CLI)
        return { deleted: text(v, 'id') }
      },
    },
  ],
])

/** `portcullis token …` (an organization's Admin API tokens) and `operator-token …` (the operator API's). */
import { OPERATOR_CLI } from '../../audit/audit-event.ts'
import { describeToken, validateTokenName } from '../../api-tokens/api-token.ts'
import { describeOperatorToken, validateScopes } from '../../api-tokens/operator-token.ts'
import { asList, text, type Command } from '../command.ts'

export const TOKEN_COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  [
    'token create',
    {
      usage: `token create --org ORG_ID --name NAME           mint an Admin API token for an organization`,
      options: { org: { type: 'string' }, name: { type: 'string' } },
      required: ['org', 'name'],
      check: (v) => void validateTokenName(v['name']),
      run: async (app, v) => {
        const { secret } = await app.services.apiTokens.create(
          text(v, 'org'),
          v['name'],
          OPERATOR_CLI,
        )
        return { token: secret }
      },
    },
  ],
  [
    'token list',
    {
      usage: `token list --org ORG_ID                         its Admin API tokens (never the secrets)`,
      options: { org: { type: 'string' } },
      required: ['org'],
      check: () => {},
      run: async (app, v) => ({
        tokens: (await app.services.apiTokens.list(text(v, 'org'))).map(describeToken),
      }),
    },
  ],
  [
    'token revoke',
    {
      usage: `token revoke --org ORG_ID --id TOKEN_ID         revoke one: 401 from now on, on every instance`,
      options: { org: { type: 'string' }, id: { type: 'string' } },
      required: ['org', 'id'],
      check: () => {},
      run: async (app, v) => ({
        token: describeToken(
          await app.services.apiTokens.revoke(text(v, 'org'), text(v, 'id'), OPERATOR_CLI),
        ),
      }),
    },
  ],
  [
    'operator-token create',
    {
      usage: `operator-token create --name NAME [--scope orgs:read|orgs:write|clients:write|events:read ...]
                                                  a deployment-wide token for the operator API (pcop_…,
                                                  printed once); every scope unless --scope is given`,
      options: { name: { type: 'string' }, scope: { type: 'string', multiple: true } },
      required: ['name'],
      check: (v) => {
        validateTokenName(v['name'])
        validateScopes(asList(v['scope']))
      },
      run: async (app, v) => {
        const { token, secret } = await app.services.operatorTokens.create(
          v['name'],
          asList(v['scope']),
          OPERATOR_CLI,
        )
        return { token: secret, id: token.id, scopes: token.scopes }
      },
    },
  ],
  [
    'operator-token list',
    {
      usage: `operator-token list                             the operator tokens (never the secrets)`,
      options: {},
      required: [],
      check: () => {},
      run: async (app) => ({
        tokens: (await app.services.operatorTokens.list()).map(describeOperatorToken),
      }),
    },
  ],
  [
    'operator-token revoke',
    {
      usage: `operator-token revoke --id TOKEN_ID             revoke one: 401 from now on, on every instance`,
      options: { id: { type: 'string' } },
      required: ['id'],
      check: () => {},
      run: async (app, v) => ({
        token: describeOperatorToken(
          await app.services.operatorTokens.revoke(text(v, 'id'), OPERATOR_CLI),
        ),
      }),
    },
  ],
])

/**
 * What every JSON API of Portcullis answers when it refuses (the Admin API and the operator API): one
 * error shape, `{ "error": { "code", "message", "details"? } }`, referenced by every route's schema.
 */
import Type from 'typebox'

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable error code, e.g. `user.not_found`.' }),
      message: Type.String(),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'Error', description: 'Every Admin API and operator API error.' },
)

const errorRef = Type.Ref('Error')
/** The error responses every Admin API and operator API route can give. */
export const ERROR_RESPONSES = {
  400: errorRef,
  401: errorRef,
  403: errorRef,
  404: errorRef,
  409: errorRef,
  413: errorRef,
  415: errorRef,
} as const

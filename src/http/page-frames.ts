/**
 * Builds the frame of a server-rendered page for one request: the language (the login transaction's
 * `ui_locales`, then `Accept-Language`, then English), the operator's brand, and what the page knows of
 * where the user signs in to.
 */
import type { FastifyRequest } from 'fastify'
import type { Branding } from '../config/branding.ts'
import type { SignInContext } from '../services/sign-in/sign-in-context.ts'
import type { PageFrame } from './html/layout.ts'
import { negotiateLocale, translator } from './i18n/messages.ts'

export const NO_CONTEXT: SignInContext = Object.freeze({
  appName: undefined,
  orgName: undefined,
  backUrl: undefined,
})

export type FrameFor = (
  request: FastifyRequest,
  context?: SignInContext,
  uiLocales?: string | null,
) => PageFrame

export function pageFrames(branding: Branding): FrameFor {
  return (request, context = NO_CONTEXT, uiLocales = null) => ({
    t: translator(negotiateLocale(uiLocales, request.headers['accept-language'])),
    brand: branding,
    context,
  })
}

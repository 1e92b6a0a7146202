/**
 * Answers sent before the request's body was read to its end (413 and any other early refusal): the
 * connection is closed after the answer, but not while the client is still sending — a client that
 * writes its whole body before reading (Node's own fetch, most SDKs) would get EPIPE or a reset instead
 * of the answer. After the answer, the rest of the body is read and thrown away, up to
 * `UNREAD_BODY_DRAIN.bytes` and `UNREAD_BODY_DRAIN.ms`, then the connection is closed (issue 21 item 10).
 */
import type { FastifyInstance } from 'fastify'
import type { Socket } from 'node:net'

export interface DrainLimits {
  readonly bytes: number
  readonly ms: number
}

export const UNREAD_BODY_DRAIN: DrainLimits = Object.freeze({
  /** At most this much more is read and discarded after the answer. */
  bytes: 128 * 1024 * 1024,
  /** And for at most this long. */
  ms: 30_000,
})

const DRAINING = Symbol('portcullis.draining')

export function registerUnreadBodyDrain(
  app: FastifyInstance,
  limits: DrainLimits = UNREAD_BODY_DRAIN,
): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const incoming = request.raw
    const socket = incoming.socket as (Socket & { [DRAINING]?: true }) | null
    if (incoming.complete || socket === null || socket[DRAINING] === true) return payload
    // Keep-alive would read the rest without any bound; close instead, once the client has sent it.
    reply.header('connection', 'close')
    socket[DRAINING] = true
    const destroySoon = socket.destroySoon.bind(socket)
    // Node's HTTP server calls destroySoon() after the last answer of a closing connection.
    socket.destroySoon = () => {
      let received = 0
      let closed = false
      const close = () => {
        if (closed) return
        closed = true
        clearTimeout(timer)
        incoming.removeListener('data', count)
        destroySoon()
      }
      const count = (chunk: Buffer) => {
        received += chunk.length
        if (received > limits.bytes) close()
      }
      const timer = setTimeout(close, limits.ms)
      timer.unref()
      if (incoming.complete) return close()
      // The answer is on its way; the body keeps flowing into the request, which Node has already
      // set to discard what it reads.
      incoming.on('data', count)
      incoming.once('end', close)
      socket.once('close', close)
    }
    return payload
  })
}

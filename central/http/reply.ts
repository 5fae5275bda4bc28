/** Sending an ingest/route Outcome as the HTTP answer. */
import type { FastifyReply } from 'fastify'
import type { Outcome } from '../ingest'

export function send<T>(reply: FastifyReply, o: Outcome<T>): FastifyReply {
  return reply.code(o.status).send(o.body)
}

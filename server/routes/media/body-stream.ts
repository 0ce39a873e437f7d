import type { FastifyReply, FastifyRequest } from 'fastify';
import { uploadInterrupted } from '../../../core/media/errors.ts';

/**
 * What to throw when a route that streams the request body fails. A client that dropped
 * the connection becomes UPLOAD_INTERRUPTED (logged as a refusal, not a server error);
 * when the body was not read to the end the connection is not reused.
 */
export function bodyStreamFailure(request: FastifyRequest, reply: FastifyReply, err: unknown): unknown {
  if (request.raw.complete) return err;
  reply.header('connection', 'close');
  return request.raw.destroyed ? uploadInterrupted() : err;
}

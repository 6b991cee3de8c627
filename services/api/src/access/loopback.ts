import type { FastifyRequest } from 'fastify'
import { isIP } from 'node:net'

/** 127.0.0.0/8, ::1 and 127.x mapped into IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false
  const bare = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address
  return bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'))
}

/** Whether a listen address (`--host`) keeps the API on this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host.replace(/^\[(.*)\]$/, '$1'))
}

/** The name in a Host header, without its port: `localhost:3000` -> `localhost`, `[::1]:3000` -> `::1`. */
function hostName(header: string): string {
  const bracketed = /^\[([^\]]*)\](:\d+)?$/.exec(header)
  if (bracketed) return bracketed[1] ?? ''
  return header.replace(/:\d+$/, '')
}

/**
 * A client on this machine that reached the API by a loopback name. The socket's address decides, never a header a
 * client writes; a request relayed by a proxy (it says so in Forwarded or X-Forwarded-For) is someone else's, even when
 * the proxy runs here. The Host must be a loopback name too, or a page whose name was rebound to 127.0.0.1 (DNS
 * rebinding) would pass as this machine's.
 */
export function fromThisMachine(request: FastifyRequest): boolean {
  if (request.headers.forwarded !== undefined || request.headers['x-forwarded-for'] !== undefined) return false
  const host = request.headers.host
  return isLoopbackAddress(request.socket.remoteAddress) && host !== undefined && isLoopbackHost(hostName(host))
}

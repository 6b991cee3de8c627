import type { FastifyServerOptions } from 'fastify'
import { prettyFactory } from 'pino-pretty'

interface LogLine {
  msg?: string
  res?: { statusCode?: number; method?: string; route?: string }
  responseTime?: number
}

/**
 * The API's logger for a process: JSON lines (one object per line, for log collectors) unless `stdout` is a terminal,
 * where a person reads it: then one short line per answer (`GET /v1/funnel 200 12 ms`) and other messages as text.
 */
export function apiLogger(level: string, terminal = Boolean(process.stdout.isTTY)): FastifyServerOptions['logger'] {
  if (!terminal) return { level }
  const prettify = prettyFactory({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,res,responseTime',
    messageFormat: (log) => readableMessage(log as LogLine),
  })
  return {
    level,
    stream: {
      write(line: string) {
        const log = JSON.parse(line) as LogLine
        // Every request is logged twice (as it comes, as it is answered); the answer's line says it all.
        if (log.msg === 'incoming request') return
        process.stdout.write(prettify(log))
      },
    },
  }
}

function readableMessage(log: LogLine): string {
  if (log.msg === 'request completed' && log.res) {
    return `${log.res.method ?? ''} ${log.res.route ?? ''} ${log.res.statusCode ?? ''} ${Math.round(log.responseTime ?? 0)} ms`
  }
  return log.msg ?? ''
}

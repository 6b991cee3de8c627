import type { InjectRequest } from './engineProtocol.ts'
import { describeRequest, type Answer } from './engineProcess.ts'

/** An error answer says what is wrong in a few sentences and paths; it does not grow with what was sent. */
export const errorAnswerBytes = 16 * 1024
/** An ingest answer lists each refused event, with a few problems each: it grows with the events, not with their size. */
export const rejectionBytes = 4 * 1024

const isText = (value: unknown): value is string => typeof value === 'string'
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isFieldErrors = (value: unknown): boolean =>
  Array.isArray(value) && value.every((error) => isRecord(error) && isText(error.path) && isText(error.message))

/** `{ error, message, errors? }`, as every failure answers (services/api/src/errors.ts). */
export function isErrorBody(body: unknown): boolean {
  return isRecord(body) && isText(body.error) && isText(body.message) && (body.errors === undefined || isFieldErrors(body.errors))
}

/** `{ accepted, duplicates, rejected }`, each refused event with its index and at least one problem. */
export function isIngestAnswer(body: unknown): body is { accepted: number; duplicates: number; rejected: { index: number; errors: unknown[] }[] } {
  return (
    isRecord(body) &&
    Number.isInteger(body.accepted) &&
    Number.isInteger(body.duplicates) &&
    Array.isArray(body.rejected) &&
    body.rejected.every(
      (rejection) =>
        isRecord(rejection) && Number.isInteger(rejection.index) && isFieldErrors(rejection.errors) && (rejection.errors as unknown[]).length > 0,
    )
  )
}

/**
 * What is wrong with an answer whatever was asked: a server error, a failure without the error shape, an answer
 * larger than its bound, or one that is not JSON. `events` is how many events the request held (ingest answers list
 * the refused ones). Empty when the answer is sound.
 */
export function answerProblems(request: InjectRequest, answer: Answer, events = 0): string[] {
  const ingest = request.url.startsWith('/v1/events') && (answer.status === 202 || answer.status === 400)
  const bound = ingest ? errorAnswerBytes + rejectionBytes * events : errorAnswerBytes
  const size = Buffer.byteLength(answer.text)
  return [
    answer.status >= 500 ? `server error ${answer.status}` : '',
    answer.body === undefined && !answersText(request, answer) ? 'the answer is not JSON' : '',
    answer.status >= 400 && !isErrorBody(answer.body) && !(ingest && isIngestAnswer(answer.body)) ? 'a failure without { error, message, errors? }' : '',
    answer.status >= 400 && size > bound ? `a failure of ${size.toLocaleString('en')} bytes, above its bound of ${bound.toLocaleString('en')}` : '',
  ].filter((problem) => problem !== '')
}

/** GET /metrics answers Prometheus' text format, the one route that does; its failures are JSON like every other. */
const answersText = (request: InjectRequest, answer: Answer): boolean =>
  request.method === 'GET' && request.url.split('?')[0] === '/metrics' && answer.status === 200

/** The request, the answer (cut short) and what the engine logged while answering: enough to find the fault. */
export function exchange(request: InjectRequest, answer: Answer): string {
  const text = answer.text.length > 600 ? `${answer.text.slice(0, 600)}... (${answer.text.length.toLocaleString('en')} characters)` : answer.text
  const log = answer.serverLog.length > 0 ? `\nserver log:\n${summarisedLog(answer.serverLog)}` : ''
  return `${describeRequest(request)} -> ${answer.status} in ${Math.round(answer.ms)} ms: ${text}${log}`
}

/** Error lines the engine logged, each as its error, code and first frames in the engine's own source. */
export const summarisedLog = (lines: readonly string[]): string => lines.map(summariseLogLine).join('\n')

function summariseLogLine(line: string): string {
  try {
    const { err, msg } = JSON.parse(line) as { err?: { type?: string; message?: string; code?: string; stack?: string }; msg?: string }
    if (!err) return msg ?? line
    const frames = (err.stack ?? '')
      .split('\n')
      .filter((frame) => /\/(packages|services)\//.test(frame) && !frame.includes('node_modules'))
      .slice(0, 4)
      .map((frame) => `    ${frame.trim()}`)
    return [`  ${err.type ?? 'Error'}${err.code ? ` ${err.code}` : ''}: ${err.message ?? ''}`, ...frames].join('\n')
  } catch {
    return `  ${line.slice(0, 2000)}`
  }
}

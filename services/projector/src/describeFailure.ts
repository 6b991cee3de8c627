/** Longest reason kept with a quarantined event or written to the log. */
const maxLength = 300

/**
 * Why applying an event failed, in one line fit for logs, /v1/status and a BI view: never the data it was about. Errors
 * from ClickHouse go on to quote the rows they could not read ("Row 1: ... parsed text: ...", "before: 'jane@...'"),
 * and rows hold personal data, so only the first line is kept, up to where it starts quoting.
 */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error)
  const [firstLine = ''] = message.split('\n')
  const quoting = /:?\s*\(at row \d+\)|\s+before: |\s+parsed text: /.exec(firstLine)
  const reason = (quoting ? firstLine.slice(0, quoting.index) : firstLine).trim()
  return reason.length > maxLength ? `${reason.slice(0, maxLength - 1)}…` : reason || 'unknown error'
}

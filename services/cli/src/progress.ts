/**
 * A progress bar on stderr for long work (imports, sample data, replays). On a terminal it redraws one line; in logs
 * and CI it prints a line at most every few seconds, so the output stays readable either way.
 */
export class ProgressBar {
  private done = 0
  private readonly startedAt = Date.now()
  private lastDrawn = 0
  private readonly interactive: boolean

  constructor(
    private readonly label: string,
    private total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.interactive = Boolean(stream.isTTY)
  }

  advance(count: number, total?: number): void {
    this.done += count
    if (total !== undefined) this.total = total
    const now = Date.now()
    if (now - this.lastDrawn >= (this.interactive ? 100 : 5_000)) {
      this.lastDrawn = now
      this.draw()
    }
  }

  finish(summary?: string): void {
    // The total was an estimate (a simulation's size, a file's bytes); what was done is the whole of it.
    this.total = this.done
    this.draw()
    if (this.interactive) this.stream.write('\n')
    if (summary) this.stream.write(`${summary}\n`)
  }

  private draw(): void {
    const seconds = Math.max((Date.now() - this.startedAt) / 1000, 0.001)
    const rate = this.done / seconds
    const fraction = this.total > 0 ? Math.min(this.done / this.total, 1) : 0
    const width = 28
    const filled = Math.round(fraction * width)
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
    const eta = rate > 0 && this.total > this.done ? ` eta ${formatSeconds((this.total - this.done) / rate)}` : ''
    const line = `${this.label} ${bar} ${Math.round(fraction * 100)}% ${this.done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${Math.round(rate).toLocaleString('en-US')}/s${eta}`
    this.stream.write(this.interactive ? `\r${line}\x1b[K` : `${line}\n`)
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`
}

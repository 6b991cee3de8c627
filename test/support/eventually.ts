/** Polls `check` until it holds, failing with `what` after the timeout. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 60_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

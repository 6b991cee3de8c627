import type { GlobalPosition } from '../eventStore.ts'
import { comparePositions } from '../position.ts'

/** A checkpoint as reported, and how many records the server sent before it are still unread in the stream. */
interface Reported {
  position: GlobalPosition
  unreadBefore: number
}

/**
 * Which of the positions a filtered subscription reports (`checkpointReached`) a reader may store as its own.
 *
 * The client reports a checkpoint from inside its stream transform, after pushing every record the server sent before
 * it and before pushing any sent after it; the records still unread at that moment are therefore exactly those sent
 * before it. A checkpoint may be handed on once all of them were read, so a reader never passes an event it has not
 * seen.
 *
 * It is also held back until the server has sent the next checkpoint with no record in between. Server releases have
 * reported a checkpoint at an event they had not sent yet (KurrentDB#4023, #4975); a reader storing it would skip that
 * event after a restart. A record sent after a checkpoint makes it wrong or, lying past it, pointless, so either way
 * it is dropped; only a checkpoint the server itself moved past without a record survives. The price: on a quiet log
 * the newest checkpoint waits for the next one.
 */
export class ServerCheckpoints {
  private newest: Reported | undefined
  private confirmed: Reported | undefined
  private handedOn: GlobalPosition | undefined

  /** The server reported `position` while `unread` records were in the stream's buffer. Says whether it is news. */
  reported(position: GlobalPosition, unread: number): boolean {
    // Servers have repeated one position over and over once live; only a position further on is news.
    const known = this.newest?.position ?? this.confirmed?.position ?? this.handedOn
    if (known !== undefined && comparePositions(position, known) <= 0) return false
    this.confirmed = this.newest
    this.newest = { position, unreadBefore: unread }
    return true
  }

  /** A record was read from the stream. */
  pulled(): void {
    this.newest = countDown(this.newest)
    this.confirmed = countDown(this.confirmed)
  }

  /** The checkpoint a reader may now store, if any, past `lastSeen` (the last record read); each one once. */
  take(lastSeen: GlobalPosition | null): GlobalPosition | undefined {
    const checkpoint = this.confirmed
    if (checkpoint === undefined || checkpoint.unreadBefore > 0) return undefined
    this.confirmed = undefined
    if (lastSeen !== null && comparePositions(checkpoint.position, lastSeen) <= 0) return undefined
    this.handedOn = checkpoint.position
    return checkpoint.position
  }
}

/** One fewer unread record before the checkpoint; a record read after it drops it. */
function countDown(reported: Reported | undefined): Reported | undefined {
  if (reported === undefined || reported.unreadBefore === 0) return undefined
  return { position: reported.position, unreadBefore: reported.unreadBefore - 1 }
}

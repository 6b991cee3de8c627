import type { Kafka, Producer } from 'kafkajs'

export interface FieldError {
  path: string
  message: string
}

/** A message the ingestor could not accept, with where it came from and why. */
export interface DeadLetter {
  topic: string
  partition: number
  offset: string
  key: Buffer | null
  value: Buffer | null
  errors: FieldError[]
}

/** Header names on dead-letter messages; the value is the original bytes, untouched. */
export const deadLetterHeaders = {
  sourceTopic: 'x-source-topic',
  sourcePartition: 'x-source-partition',
  sourceOffset: 'x-source-offset',
  errors: 'x-errors',
  failedAt: 'x-failed-at',
} as const

/**
 * Writes refused messages to the dead-letter topic before their offsets are committed, so a bad event is never
 * lost: it waits there, with the reason, for someone to fix and replay it.
 */
export class DeadLetterWriter {
  private readonly producer: Producer

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false })
  }

  connect(): Promise<void> {
    return this.producer.connect()
  }

  async write(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return
    const failedAt = new Date().toISOString()
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: letters.map((letter) => ({
        key: letter.key,
        value: letter.value,
        headers: {
          [deadLetterHeaders.sourceTopic]: letter.topic,
          [deadLetterHeaders.sourcePartition]: String(letter.partition),
          [deadLetterHeaders.sourceOffset]: letter.offset,
          [deadLetterHeaders.errors]: JSON.stringify(letter.errors),
          [deadLetterHeaders.failedAt]: failedAt,
        },
      })),
    })
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect()
  }
}

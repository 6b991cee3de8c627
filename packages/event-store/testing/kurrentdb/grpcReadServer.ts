import { once } from 'node:events'
import { createRequire } from 'node:module'
import type { Position } from '@eventstore/db-client'
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js'
import streamsPb from '@eventstore/db-client/generated/streams_pb.js'
import sharedPb from '@eventstore/db-client/generated/shared_pb.js'

type ReadReq = InstanceType<typeof streamsPb.ReadReq>
type ReadOptions = InstanceType<typeof streamsPb.ReadReq.Options>
type ReadResp = InstanceType<typeof streamsPb.ReadResp>

/** The part of `@grpc/grpc-js` used here: the very copy the client runs on, which the package cannot import by name. */
interface GrpcJs {
  Server: new () => {
    addService(service: unknown, implementation: Record<string, unknown>): void
    bindAsync(address: string, credentials: unknown, callback: (error: Error | null, port: number) => void): void
    forceShutdown(): void
  }
  ServerCredentials: { createInsecure(): unknown }
  status: Record<string, number>
}
const grpc = createRequire(createRequire(import.meta.url).resolve('@eventstore/db-client'))('@grpc/grpc-js') as GrpcJs

/** A server-streaming call as grpc-js hands it to the server. */
interface ReadCall {
  request: ReadReq
  cancelled: boolean
  write(response: ReadResp): boolean
  end(): void
  emit(event: 'error', error: Error & { code?: number }): boolean
  on(event: 'cancelled', listener: () => void): void
}

/** A record of the scripted `$all`; `data` and `metadata` go over the wire as JSON. */
export interface WireRecord {
  streamName: string
  revision: number
  type: string
  position: Position
  data: unknown
  metadata: unknown
}

/** A subscription request as the client put it on the wire. */
export interface WireSubscription {
  from: Position | 'start' | 'end'
  prefixes: string[] | undefined
  checkpointIntervalMultiplier: number
  resolveLinks: boolean
  /** Responses written to the call so far, and whether a write ever had to wait for the client to drain. */
  written: number
  waitedForDrain: boolean
  cancelled: boolean
  /** Ends the call from the server side: with an error status, or cleanly. */
  end(error?: Error & { code?: number }): void
}

/** The server's default `maxSearchWindow`: a checkpoint every `multiplier × 32` records looked at. */
const maxSearchWindow = 32

/**
 * A KurrentDB endpoint on the wire, for tests of the real client: answers `Streams.Read` over gRPC from a scripted
 * `$all`, so that `@eventstore/db-client` 6.2.1's own code runs under the adapter: request encoding, its transform and
 * `checkpointReached`, record conversion, cancellation and gRPC flow control. A read that is not a subscription gets
 * an empty `$all`. The server's behaviour here is ours (prefix filter, a checkpoint every 32 records, live records):
 * it proves the client path, not KurrentDB's side.
 */
export class GrpcReadServer {
  readonly subscriptions: WireSubscription[] = []
  readonly connectionString: string
  private readonly records: WireRecord[] = []
  private readonly server: InstanceType<GrpcJs['Server']>
  private readonly appended = new Set<() => void>()

  private constructor(server: InstanceType<GrpcJs['Server']>, port: number) {
    this.server = server
    this.connectionString = `esdb://127.0.0.1:${port}?tls=false`
  }

  static async start(): Promise<GrpcReadServer> {
    const server = new grpc.Server()
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    )
    const wire = new GrpcReadServer(server, port)
    server.addService(streamsGrpc.StreamsService, { read: (call: ReadCall) => void wire.read(call) })
    return wire
  }

  /** Adds records to the end of `$all`; live subscriptions get them. */
  add(...records: WireRecord[]): void {
    this.records.push(...records)
    this.wakeAll()
  }

  stop(): void {
    this.server.forceShutdown()
  }

  private wakeAll(): void {
    for (const wake of [...this.appended]) wake()
  }

  /** The record at `index` once there is one; undefined when `over()` turns true first. */
  private async recordAt(index: number, over: () => boolean): Promise<WireRecord | undefined> {
    while (!over()) {
      const record = this.records[index]
      if (record) return record
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.appended.delete(wake)
          resolve()
        }
        this.appended.add(wake)
      })
    }
    return undefined
  }

  private async read(call: ReadCall): Promise<void> {
    const options = call.request.getOptions()
    if (!options?.hasSubscription()) return call.end()
    let over = false
    const subscription = subscriptionOf(options, (error) => {
      // grpc-js turns an 'error' on the call into the status it ends the call with.
      if (error) call.emit('error', error)
      else call.end()
      over = true
      this.wakeAll()
    })
    this.subscriptions.push(subscription)
    call.on('cancelled', () => {
      subscription.cancelled = true
      this.wakeAll()
    })
    const send = async (response: ReadResp) => {
      subscription.written++
      if (call.write(response)) return
      subscription.waitedForDrain = true
      await once(call as unknown as NodeJS.EventEmitter, 'drain')
    }

    const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId('wire')
    await send(new streamsPb.ReadResp().setConfirmation(confirmation))
    const { from, prefixes, checkpointIntervalMultiplier } = subscription
    const checkpointEvery = prefixes === undefined ? 0 : checkpointIntervalMultiplier * maxSearchWindow
    let index = from === 'start' ? 0 : from === 'end' ? this.records.length : this.records.findIndex((r) => after(r.position, from))
    if (index < 0) index = this.records.length
    for (let looked = 1; ; looked++) {
      const record = await this.recordAt(index++, () => over || subscription.cancelled)
      if (record === undefined) return
      if (prefixes === undefined || prefixes.some((prefix) => record.streamName.startsWith(prefix))) await send(eventOf(record))
      if (checkpointEvery > 0 && looked % checkpointEvery === 0) await send(checkpointOf(record.position))
    }
  }
}

/** What the client asked for, decoded from its request. */
function subscriptionOf(options: ReadOptions, end: WireSubscription['end']): WireSubscription {
  const all = options.getAll()
  const position = all?.getPosition()
  const filter = options.getFilter()
  return {
    from: position
      ? { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) }
      : all?.hasStart()
        ? 'start'
        : 'end',
    prefixes: filter?.getStreamIdentifier()?.getPrefixList(),
    checkpointIntervalMultiplier: filter?.getCheckpointintervalmultiplier() ?? 0,
    resolveLinks: options.getResolveLinks(),
    written: 0,
    waitedForDrain: false,
    cancelled: false,
    end,
  }
}

function checkpointOf({ commit, prepare }: Position): ReadResp {
  const checkpoint = new streamsPb.ReadResp.Checkpoint().setCommitPosition(`${commit}`).setPreparePosition(`${prepare}`)
  return new streamsPb.ReadResp().setCheckpoint(checkpoint)
}

function after(a: Position, b: Position): boolean {
  return a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare)
}

function eventOf(record: WireRecord): ReadResp {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(new sharedPb.UUID().setString(crypto.randomUUID()))
    .setStreamIdentifier(new sharedPb.StreamIdentifier().setStreamName(Buffer.from(record.streamName)))
    .setStreamRevision(`${record.revision}`)
    .setCommitPosition(`${record.position.commit}`)
    .setPreparePosition(`${record.position.prepare}`)
    .setData(Buffer.from(JSON.stringify(record.data)))
    .setCustomMetadata(Buffer.from(JSON.stringify(record.metadata)))
  const metadata = recorded.getMetadataMap()
  metadata.set('type', record.type)
  metadata.set('content-type', 'application/json')
  metadata.set('created', `${BigInt(Date.now()) * 10_000n}`)
  return new streamsPb.ReadResp().setEvent(
    new streamsPb.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(`${record.position.commit}`),
  )
}

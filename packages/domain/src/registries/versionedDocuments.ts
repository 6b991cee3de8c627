import type { Event } from '@attribution/contracts'
import type { Decision } from './decider.ts'

/**
 * The decisions every versioned document of the engine shares (lead definitions, channel rules): versions are
 * immutable once published, and one version at a time is active, switched only to a version that was replayed.
 * Each document's deciders hold their own event shapes and refusals and decide through these.
 */

/** Publishing a document as a version: the same document again is a repeat (no events), another is refused. */
export function decidePublication<StreamEvent extends Event, Refusal>(
  published: { document: string } | undefined,
  document: string,
  taken: Refusal,
  publication: () => StreamEvent,
): Decision<StreamEvent, Refusal> {
  if (published === undefined) return { ok: true, events: [publication()] }
  return published.document === document ? { ok: true, events: [] } : { ok: false, refusal: taken }
}

/** What an activation asks: its version, whether it was replayed, and the version it was asked to replace. */
export interface ActivationAsked<Version> {
  version: Version
  replayed: boolean
  replaces: Version | null
}

export type ActivationDenied<Version> = { kind: 'not replayed' } | { kind: 'activated meanwhile'; active: Version | null }

/**
 * Activating a version: a repeat when it is active already; refused when it was not replayed (every query would see
 * nothing under it), or when another version was activated since the requester looked (its decision no longer holds).
 */
export function decideActivation<Version, StreamEvent extends Event, Refusal>(
  active: Version | null,
  asked: ActivationAsked<Version>,
  same: (a: Version | null, b: Version | null) => boolean,
  refusal: (denied: ActivationDenied<Version>) => Refusal,
  activation: () => StreamEvent,
): Decision<StreamEvent, Refusal> {
  if (same(active, asked.version)) return { ok: true, events: [] }
  if (!asked.replayed) return { ok: false, refusal: refusal({ kind: 'not replayed' }) }
  if (!same(active, asked.replaces)) return { ok: false, refusal: refusal({ kind: 'activated meanwhile', active }) }
  return { ok: true, events: [activation()] }
}

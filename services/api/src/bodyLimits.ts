import { maxDocumentLength } from '@attribution/contracts'

/** What a request body may weigh, per route, matching what the route takes; larger bodies are answered 413 unread. */
export const bodyLimits = {
  /** A full batch of 10,000 ordinary events, with room for long attributes. */
  events: 32 * 1024 * 1024,
  /** A lead definition of the longest document the contract holds: UTF-8 spends at most 3 bytes on a character. */
  leadDefinition: 3 * maxDocumentLength,
  /** Every other route: a custom model's weights, or no body at all. */
  other: 64 * 1024,
}

/**
 * What auth needs of events: whether one exists (a rightly signed token of an event nobody created
 * gets nowhere), and its audience tokens' generation. The events module provides it; auth does not
 * import events.
 */
export const EVENT_DIRECTORY = Symbol('EventDirectory');

export interface EventDirectory {
  get(eventId: string): Promise<{ generation?: number } | null>;
}

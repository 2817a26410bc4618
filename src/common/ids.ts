/** An event's id: it names Redis keys ({ev:<id>}), rooms and URLs (/e/<id>). */
export const EVENT_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * An item's id (poll, option, question, entry, result, test): 1-40 of A-Z a-z 0-9 _ -, but not a
 * name that every plain object already has: ids become keys (tally counts, board scores, myVotes),
 * where `__proto__` or `constructor` would read or write the prototype and the entry would
 * silently vanish.
 */
export const ITEM_ID =
  /^(?!(?:__proto__|constructor|prototype|hasOwnProperty|isPrototypeOf|propertyIsEnumerable|toString|toLocaleString|valueOf|__(?:define|lookup)[GS]etter__)$)[A-Za-z0-9_-]{1,40}$/;
/** What a field that breaks ITEM_ID is told. */
export const ITEM_ID_MESSAGE = 'must be 1-40 of A-Z a-z 0-9 _ -';

import { length } from 'class-validator';
import type { Role } from '../auth/identity.js';
import { newId } from '../auth/token.service.js';
import { isProfane } from '../common/profanity.js';
import type { FieldError } from '../realtime/dto-validation.pipe.js';
import { WORDCLOUD_MAX, type CastVoteDto, type CreatePollDto } from './dto/poll.dto.js';
import { foldWord } from './tally.js';
import { firstsKey, pointsKey, type Poll, type PollDefinition, type VoteEffect } from './poll.types.js';

/** The vote field each kind takes (and refuses every other). */
const VOTE_FIELD = {
  single: 'optionIds',
  multi: 'optionIds',
  rating: 'value',
  wordcloud: 'text',
  ranking: 'ranking',
  text: 'text',
} as const;
const VOTE_FIELDS = ['optionIds', 'value', 'text', 'ranking'] as const;

const MAX_SCALE_STEPS = 20;

/** What the DTO decorators cannot say: the fields each kind needs and allows. */
export function pollShapeErrors(dto: CreatePollDto): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): void => void errors.push({ field, errors: [message] });
  const choice = dto.kind === 'single' || dto.kind === 'multi' || dto.kind === 'ranking';
  if (choice && !(dto.predicts !== undefined && dto.options === undefined)) {
    const options = dto.options ?? [];
    if (options.length < 2) fail('options', `a ${dto.kind} poll needs at least 2 options`);
    const ids = options.map((o, i) => o.id ?? `o${i + 1}`);
    if (new Set(ids).size !== ids.length) fail('options', 'option ids must be unique');
  } else if (dto.options !== undefined && dto.options.length > 0) {
    fail('options', `a ${dto.kind} poll has no options`);
  }
  if (dto.maxChoices !== undefined) {
    if (dto.kind !== 'multi') fail('maxChoices', 'only a multi poll has maxChoices');
    else if (dto.maxChoices > (dto.options?.length ?? 0)) fail('maxChoices', 'maxChoices exceeds the options');
  }
  if (dto.maxRank !== undefined) {
    if (dto.kind !== 'ranking') fail('maxRank', 'only a ranking poll has maxRank');
    else if (dto.maxRank > (dto.options?.length ?? 0)) fail('maxRank', 'maxRank exceeds the options');
  }
  if (dto.moderated !== undefined && dto.kind !== 'text') fail('moderated', 'only a text poll is moderated');
  const predicting = dto.options?.some((o) => o.stars !== undefined || o.min !== undefined || o.max !== undefined);
  if (dto.predicts !== undefined) {
    if (dto.kind !== 'single') fail('predicts', 'a prediction is a single poll');
    (dto.options ?? []).forEach((o, i) => {
      const band = o.min !== undefined && o.max !== undefined && o.min <= o.max;
      if (
        (o.stars !== undefined) === (o.min !== undefined || o.max !== undefined) ||
        (o.stars === undefined && !band)
      ) {
        fail(`options.${i}`, 'a prediction option has either stars, or min and max with min <= max');
      }
    });
  } else if (predicting) {
    fail('options', 'only a prediction poll has stars, min or max on its options');
  }
  if (dto.scale !== undefined) {
    if (dto.kind !== 'rating') fail('scale', 'only a rating poll has a scale');
    else if (dto.scale.min >= dto.scale.max || dto.scale.max - dto.scale.min > MAX_SCALE_STEPS) {
      fail('scale', `scale needs min < max and at most ${MAX_SCALE_STEPS} steps`);
    }
  }
  return errors;
}

function refusal(field: string, message: string): { errors: FieldError[] } {
  return { errors: [{ field, errors: [message] }] };
}

/** A definition's option ids, made once per definition (definitions are cached and never change). */
const optionIdSets = new WeakMap<PollDefinition, ReadonlySet<string>>();

/** The ids that are no option of the poll, listed, or '' when all are. */
function unknownOptions(poll: PollDefinition, ids: readonly string[]): string {
  let known = optionIdSets.get(poll);
  if (!known) optionIdSets.set(poll, (known = new Set(poll.options.map((o) => o.id))));
  for (const id of ids) if (!known.has(id)) return ids.filter((other) => !known.has(other)).join(', ');
  return '';
}

/**
 * Checks a vote against its poll and computes the counters it moves; errors for VALIDATION_FAILED.
 * `fresh` names a text answer (the id and time it gets; tests pass fixed ones).
 */
export function voteEffect(
  poll: PollDefinition,
  dto: CastVoteDto,
  country: string | null,
  fresh?: { id: string; at: number },
): { effect: VoteEffect } | { errors: FieldError[] } {
  const wanted = VOTE_FIELD[poll.kind];
  for (const field of VOTE_FIELDS) {
    if (field !== wanted && dto[field] !== undefined)
      return refusal(field, `a ${poll.kind} poll does not take ${field}`);
  }
  if (dto[wanted] === undefined) return refusal(wanted, `a ${poll.kind} poll needs ${wanted}`);
  switch (poll.kind) {
    case 'single':
    case 'multi': {
      const ids = dto.optionIds as string[];
      const max = poll.kind === 'single' ? 1 : (poll.maxChoices ?? poll.options.length);
      if (ids.length > max) return refusal('optionIds', `choose at most ${max}`);
      const unknown = unknownOptions(poll, ids);
      if (unknown) return refusal('optionIds', `unknown options: ${unknown}`);
      return { effect: { keys: ids, value: 0, country, vote: { optionIds: ids } } };
    }
    case 'rating': {
      const value = dto.value as number;
      const scale = poll.scale as { min: number; max: number };
      if (value < scale.min || value > scale.max) return refusal('value', `must be within ${scale.min}..${scale.max}`);
      return { effect: { keys: [String(value)], value, country, vote: { value } } };
    }
    case 'wordcloud': {
      // The DTO takes text polls' 280; a word cloud keeps its 80 (counted as the DTO counts).
      if (!length(dto.text, 1, WORDCLOUD_MAX)) return refusal('text', `must be at most ${WORDCLOUD_MAX} characters`);
      const word = foldWord(dto.text as string);
      if (word === '') return refusal('text', 'must contain a letter or a digit');
      return { effect: { keys: [word], value: 0, country, vote: { text: (dto.text as string).trim() } } };
    }
    case 'ranking':
      return rankingEffect(poll, dto.ranking as string[], country);
    case 'text': {
      const text = (dto.text as string).trim();
      if (text === '') return refusal('text', 'must not be blank');
      const { id, at } = fresh ?? { id: newId('a-'), at: Date.now() };
      const status = poll.moderated === true || isProfane(text) ? 'pending' : 'approved';
      const answer = { id, text, at, status, word: foldWord(text) } as const;
      return { effect: { keys: [], value: 0, country, vote: { text }, answer } };
    }
  }
}

/** Place i (0-based) of n options earns n - i points; every ranked option counts its voter once. */
function rankingEffect(
  poll: PollDefinition,
  ids: string[],
  country: string | null,
): { effect: VoteEffect } | { errors: FieldError[] } {
  const n = poll.options.length;
  const max = poll.maxRank ?? n;
  if (ids.length > max) return refusal('ranking', `rank at most ${max}`);
  const unknown = unknownOptions(poll, ids);
  if (unknown) return refusal('ranking', `unknown options: ${unknown}`);
  const keys = [...ids, ...ids.map(pointsKey), firstsKey(ids[0])];
  const weights = [...ids.map(() => 1), ...ids.map((_, i) => n - i), 1];
  return { effect: { keys, weights, value: 0, country, vote: { ranking: [...ids] } } };
}

export function canSeePoll(role: Role, poll: Poll): boolean {
  return role === 'operator' || poll.status !== 'draft';
}

/** PROTOCOL section 4: operators and screens always; the audience when live, or once revealed. */
export function canSeeTally(role: Role, poll: Pick<Poll, 'results' | 'revealed'>): boolean {
  return role !== 'audience' || poll.results === 'live' || poll.revealed;
}

import type { Role } from '../auth/identity.js';
import type { FieldError } from '../realtime/dto-validation.pipe.js';
import type { CastVoteDto, CreatePollDto } from './dto/poll.dto.js';
import { foldWord } from './tally.js';
import type { Poll, PollDefinition, VoteEffect } from './poll.types.js';

const MAX_SCALE_STEPS = 20;

/** What the DTO decorators cannot say: the fields each kind needs and allows. */
export function pollShapeErrors(dto: CreatePollDto): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): void => void errors.push({ field, errors: [message] });
  const choice = dto.kind === 'single' || dto.kind === 'multi';
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

/** Checks a vote against its poll and computes the counters it moves; errors for VALIDATION_FAILED. */
export function voteEffect(
  poll: PollDefinition,
  dto: CastVoteDto,
  country: string | null,
): { effect: VoteEffect } | { errors: FieldError[] } {
  const fail = (field: string, message: string): { errors: FieldError[] } => ({
    errors: [{ field, errors: [message] }],
  });
  const has = { optionIds: dto.optionIds !== undefined, value: dto.value !== undefined, text: dto.text !== undefined };
  const wanted = poll.kind === 'rating' ? 'value' : poll.kind === 'wordcloud' ? 'text' : 'optionIds';
  for (const field of ['optionIds', 'value', 'text'] as const) {
    if (field !== wanted && has[field]) return fail(field, `a ${poll.kind} poll does not take ${field}`);
  }
  if (!has[wanted]) return fail(wanted, `a ${poll.kind} poll needs ${wanted}`);
  switch (poll.kind) {
    case 'single':
    case 'multi': {
      const ids = dto.optionIds as string[];
      const max = poll.kind === 'single' ? 1 : (poll.maxChoices ?? poll.options.length);
      if (ids.length > max) return fail('optionIds', `choose at most ${max}`);
      const known = new Set(poll.options.map((o) => o.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length > 0) return fail('optionIds', `unknown options: ${unknown.join(', ')}`);
      return { effect: { keys: ids, value: 0, country, vote: { optionIds: ids } } };
    }
    case 'rating': {
      const value = dto.value as number;
      const scale = poll.scale as { min: number; max: number };
      if (value < scale.min || value > scale.max) return fail('value', `must be within ${scale.min}..${scale.max}`);
      return { effect: { keys: [String(value)], value, country, vote: { value } } };
    }
    case 'wordcloud': {
      const word = foldWord(dto.text as string);
      if (word === '') return fail('text', 'must contain a letter or a digit');
      return { effect: { keys: [word], value: 0, country, vote: { text: (dto.text as string).trim() } } };
    }
  }
}

export function canSeePoll(role: Role, poll: Poll): boolean {
  return role === 'operator' || poll.status !== 'draft';
}

/** PROTOCOL section 4: operators and screens always; the audience when live, or once revealed. */
export function canSeeTally(role: Role, poll: Pick<Poll, 'results' | 'revealed'>): boolean {
  return role !== 'audience' || poll.results === 'live' || poll.revealed;
}

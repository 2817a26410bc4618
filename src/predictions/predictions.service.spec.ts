import { jest } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { errorCode, person, unitContext, EVENT, type UnitContext } from '../../test/support/unit.js';
import { TokenService } from '../auth/token.service.js';
import { AppEvents } from '../common/app-events.js';
import { CrashService } from '../crash/crash.service.js';
import type { Result } from '../crash/crash.types.js';
import { ResultDto } from '../crash/dto/crash.dto.js';
import { MemoryCrashStore } from '../crash/store/memory-crash.store.js';
import { EventsService } from '../events/events.service.js';
import { CastVoteDto, CreatePollDto } from '../polls/dto/poll.dto.js';
import type { Poll } from '../polls/poll.types.js';
import { PollsService } from '../polls/polls.service.js';
import { MemoryPollStore } from '../polls/store/memory-poll.store.js';
import { PredictionsService } from './predictions.service.js';

const operator = person('operator', 'o-1');
const [ana, ben] = [person('audience', 'ana'), person('audience', 'ben')];
const BANDS = [
  { id: 'low', label: { en: 'below 80' }, min: 0, max: 79.99 },
  { id: 'high', label: { en: '80 or more' }, min: 80, max: 100 },
];

describe('PredictionsService', () => {
  let ctx: UnitContext;
  let pollStore: MemoryPollStore;
  let crashStore: MemoryCrashStore;
  let polls: PollsService;
  let crash: CrashService;

  beforeEach(async () => {
    ctx = await unitContext();
    const { config, clock, events, broadcaster, snapshots, ticker } = ctx;
    const appEvents = new AppEvents();
    pollStore = new MemoryPollStore(clock);
    crashStore = new MemoryCrashStore(clock);
    polls = new PollsService(pollStore, broadcaster, snapshots, ticker);
    const people = new EventsService(events, new TokenService(config));
    crash = new CrashService(crashStore, appEvents, people, broadcaster, snapshots, ticker, config);
    for (const service of [polls, crash, new PredictionsService(polls, crash, appEvents)]) service.onModuleInit();
    await crash.upsertEntry(operator, { id: 'kestrel', name: 'Kestrel', brand: 'Apex' });
  });

  afterEach(() => ctx.close());

  const prediction = (id: string, test = 'side', extra: object = {}): Promise<Poll> =>
    polls.create(
      operator,
      plainToInstance(CreatePollDto, {
        id,
        kind: 'single',
        question: { en: id },
        predicts: { entryId: 'kestrel', test },
        ...extra,
      }),
    );
  const opened = async (id: string, test = 'side', extra: object = {}): Promise<void> => {
    await prediction(id, test, extra);
    await polls.change(operator, id, 'open');
  };
  const vote = (who: typeof ana, pollId: string, optionId: string): Promise<unknown> =>
    polls.vote(who, plainToInstance(CastVoteDto, { pollId, optionIds: [optionId] }));
  const result = (id: string, test: string, score: number, stars: number): Promise<Result> =>
    crash.result(operator, plainToInstance(ResultDto, { id, entryId: 'kestrel', test, score, stars }));
  const points = async (): Promise<[number, number]> => [
    (await crash.standing(ana)).points,
    (await crash.standing(ben)).points,
  ];
  const correct = async (pollId: string): Promise<[string, string[] | undefined]> => {
    const poll = await pollStore.get(EVENT, pollId);
    return [poll?.status ?? 'missing', poll?.correct];
  };

  it('settles the non-draft predictions of the entry and test, and scores them before the result answers', async () => {
    await opened('p-stars');
    await opened('p-bands', 'side', { options: BANDS });
    await opened('p-front', 'frontal');
    await prediction('p-draft');
    await vote(ana, 'p-stars', 's4');
    await vote(ana, 'p-bands', 'high');
    await vote(ben, 'p-stars', 's5');
    await vote(ben, 'p-bands', 'high');

    await result('r1', 'side', 88, 4);
    expect(await points()).toEqual([200, 100]);
    expect(await correct('p-stars')).toEqual(['closed', ['s4']]);
    expect(await correct('p-bands')).toEqual(['closed', ['high']]);
    expect(await correct('p-front')).toEqual(['open', undefined]);
    expect(await correct('p-draft')).toEqual(['draft', undefined]);
  });

  it('re-scores on amend, void and a move to another test: points move, never double', async () => {
    await opened('p-side');
    await opened('p-front', 'frontal');
    await vote(ana, 'p-side', 's4');
    await vote(ben, 'p-front', 's1');

    await result('r1', 'side', 88, 4);
    await result('r1', 'side', 88, 4);
    expect(await points()).toEqual([100, 0]);
    await result('r1', 'side', 70, 5);
    expect(await points()).toEqual([0, 0]);
    await result('r1', 'frontal', 20, 1); // moved: side loses its result, frontal gets one
    expect(await points()).toEqual([0, 100]);
    expect(await correct('p-side')).toEqual(['closed', []]);
    expect(await correct('p-front')).toEqual(['closed', ['s1']]);
    await crash.voidResult(operator, 'r1');
    expect(await points()).toEqual([0, 0]);
    expect(await correct('p-front')).toEqual(['closed', []]);
  });

  it('reads the crash state once per result, and the polls by id, never the whole list', async () => {
    await opened('p-side');
    await vote(ana, 'p-side', 's4');
    const state = jest.spyOn(crashStore, 'state');
    const version = jest.spyOn(crashStore, 'version');
    const list = jest.spyOn(pollStore, 'list');
    await result('r1', 'side', 88, 4);
    expect(state).toHaveBeenCalledTimes(1);
    expect(version).toHaveBeenCalledTimes(1);
    expect(list).not.toHaveBeenCalled();
    expect(await points()).toEqual([100, 0]);
  });

  it('settles again from the newer state when the challenge changed while settling (another node)', async () => {
    await opened('p-side');
    await vote(ana, 'p-side', 's4');
    await vote(ben, 'p-side', 's5');
    const award = jest.spyOn(crash, 'award');
    let raced = false;
    award.mockImplementation(async (eventId, pollId, winners, pts) => {
      if (!raced) {
        raced = true;
        // Another node stores a better retest between this node's read and its award.
        const retest: Result = {
          id: 'r2',
          entryId: 'kestrel',
          test: 'side',
          score: 95,
          stars: 5,
          status: 'valid',
          at: 2,
        };
        await crashStore.upsertResult(eventId, retest, { id: 'o-2', name: null });
      }
      await crashStore.award(eventId, pollId, winners, pts);
    });
    await result('r1', 'side', 88, 4);
    expect(award).toHaveBeenCalledTimes(2);
    expect(await correct('p-side')).toEqual(['closed', ['s5']]);
    expect(await points()).toEqual([0, 100]);
  });

  it('fails the result when settling fails; the same result again settles it, scored once', async () => {
    await opened('p-side');
    await vote(ana, 'p-side', 's4');
    const failing = jest.spyOn(polls, 'settle').mockRejectedValueOnce(new Error('Connection is closed.'));
    await expect(result('r1', 'side', 88, 4)).rejects.toThrow('Connection is closed.');
    failing.mockRestore();
    expect(await correct('p-side')).toEqual(['open', undefined]);
    await result('r1', 'side', 88, 4);
    await result('r1', 'side', 88, 4);
    expect(await correct('p-side')).toEqual(['closed', ['s4']]);
    expect(await points()).toEqual([100, 0]);
  });

  it('refuses a prediction of an unknown entry, and opening one whose result is in', async () => {
    const ghost = { predicts: { entryId: 'ghost', test: 'side' } };
    expect(await errorCode(prediction('p-ghost', 'side', ghost))).toBe('NOT_FOUND');
    await prediction('p-late');
    await result('r1', 'side', 70, 3);
    expect(await errorCode(polls.change(operator, 'p-late', 'open'))).toBe('CONFLICT');
    await crash.voidResult(operator, 'r1');
    await polls.change(operator, 'p-late', 'open');
    expect(await correct('p-late')).toEqual(['open', undefined]);
  });
});

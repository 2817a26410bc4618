import { jest } from '@jest/globals';
import { loadConfig } from '../config/app-config.js';
import type { Identity } from './identity.js';
import { REVOCATIONS_REFRESH_MS, Revocations } from './revocations.js';
import { MemoryRevocationStore } from './store/memory-revocation.store.js';

const person = (id: string, generation?: number): Identity => ({
  role: 'audience',
  eventId: 'summit',
  id,
  name: null,
  country: null,
  locale: null,
  koc: false,
  ...(generation === undefined ? {} : { generation }),
});

describe('Revocations', () => {
  let now = 1_000_000;
  let store: MemoryRevocationStore;
  let list: jest.SpiedFunction<MemoryRevocationStore['list']>;
  let revocations: Revocations;

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    store = new MemoryRevocationStore();
    list = jest.spyOn(store, 'list');
    revocations = new Revocations(loadConfig({}), store);
  });
  afterEach(() => jest.restoreAllMocks());

  it('reads the store once per refresh time, however many handshakes ask', async () => {
    await store.revoke('summit', revocations.digest('summit', 'a-1'));
    const answers = await Promise.all(
      ['a-1', 'a-2', 'a-3'].map((id) => revocations.isRevoked(person(id), { generation: 0 })),
    );
    expect(answers).toEqual([true, false, false]);
    expect(await revocations.isRevoked(person('a-1'), {})).toBe(true);
    expect(list).toHaveBeenCalledTimes(1);
    // Every socket command of the erased person is refused from the same copy.
    expect(revocations.refusedHere(person('a-1'))).toBe(true);
    expect(revocations.refusedHere(person('a-2'))).toBe(false);
  });

  it('makes up for a missed signal within the refresh time', async () => {
    expect(await revocations.isRevoked(person('a-1'), {})).toBe(false);
    // Another node erased a-1; its signal never came here.
    await store.revoke('summit', revocations.digest('summit', 'a-1'));
    now += REVOCATIONS_REFRESH_MS - 1;
    expect(await revocations.isRevoked(person('a-1'), {})).toBe(false);
    now += 1;
    expect(await revocations.isRevoked(person('a-1'), {})).toBe(true);
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('keeps a digest learnt while a read of the store was on its way', async () => {
    let answer: (digests: string[]) => void = () => undefined;
    list.mockImplementationOnce(() => new Promise<string[]>((resolve) => (answer = resolve)));
    const asked = revocations.isRevoked(person('a-1'), {});
    revocations.learn('summit', revocations.digest('summit', 'a-1'));
    answer([]);
    expect(await asked).toBe(true);
  });

  it('asks again after a failed read, and refuses tokens of an older generation without asking', async () => {
    list.mockRejectedValueOnce(new Error('Redis is away'));
    await expect(revocations.isRevoked(person('a-1'), {})).rejects.toThrow('Redis is away');
    expect(await revocations.isRevoked(person('a-1'), {})).toBe(false);
    expect(list).toHaveBeenCalledTimes(2);
    expect(await revocations.isRevoked(person('a-2', 1), { generation: 2 })).toBe(true);
    expect(revocations.refusedHere(person('a-3'))).toBe(true);
    expect(revocations.refusedHere(person('a-3', 2))).toBe(false);
  });

  it('starts over after a reset: the list was cleared with it', async () => {
    revocations.learn('summit', revocations.digest('summit', 'a-1'));
    expect(revocations.refusedHere(person('a-1'))).toBe(true);
    revocations.generation('summit', 1);
    expect(revocations.refusedHere(person('a-1', 1))).toBe(false);
    expect(await revocations.isRevoked(person('a-1', 1), { generation: 1 })).toBe(false);
    expect(list).toHaveBeenCalledTimes(1);
  });
});

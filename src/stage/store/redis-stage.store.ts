import { evKey, seqKey, versionsKey } from '../../redis/keys.js';
import { LuaScript, type RedisConnection } from '../../redis/redis-connection.js';
import { SUMS } from '../../redis/lua-sums.js';
import { TurnBatch } from '../../redis/turn-batch.js';
import type { StageStore } from '../stage.store.js';
import type { Cue, Scene } from '../stage.types.js';

const cueKey = (e: string): string => evKey(e, 'stage', 'cue');
const reactionsKey = (e: string): string => evKey(e, 'reactions');
const sceneKey = (e: string): string => evKey(e, 'stage', 'scene');

// KEYS: cue (or scene), seq. ARGV: JSON, or '' to clear.
const SET_CUE = new LuaScript<number>(`
if ARGV[1] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[1]) end
return redis.call('INCR', KEYS[2])`);

// KEYS: reactions, versions. ARGV: the emojis of a turn, in order (repeats repeat). One HINCRBY per
// emoji that moved, and the version by one per reaction.
const REACT = new LuaScript<number>(`${SUMS}
local counts = sums()
for _, emoji in ipairs(ARGV) do add(counts, emoji, 1) end
hincrby(counts, KEYS[1])
return redis.call('HINCRBY', KEYS[2], 'reactions', #ARGV)`);
/** Reactions of one event per script: a hall tapping at once is a few scripts a turn, not one each. */
const MAX_BATCH = 512;

// KEYS: cue, reactions, versions, scene. ARGV: '1' to delete (the scene too), else a reset.
const CLEAR = new LuaScript<number>(`
redis.call('DEL', KEYS[1], KEYS[2])
if ARGV[1] == '1' then
  redis.call('DEL', KEYS[4])
  return redis.call('HDEL', KEYS[3], 'reactions')
end
return redis.call('HINCRBY', KEYS[3], 'reactions', 1)`);

export class RedisStageStore implements StageStore {
  private readonly reacting = new TurnBatch<string, number>(
    (emojis, eventId) => this.redis.run(REACT, [reactionsKey(eventId), versionsKey(eventId)], emojis),
    MAX_BATCH,
  );

  constructor(private readonly redis: RedisConnection) {}

  async setCue(eventId: string, cue: Cue): Promise<number> {
    const value = cue.kind === 'clear' ? '' : JSON.stringify(cue);
    return this.redis.run(SET_CUE, [cueKey(eventId), seqKey(eventId)], [value]);
  }

  async cue(eventId: string): Promise<Cue | null> {
    const raw = await this.redis.client.get(cueKey(eventId));
    return raw === null ? null : (JSON.parse(raw) as Cue);
  }

  async setScene(eventId: string, scene: Scene): Promise<number> {
    // The same script as a cue: store the JSON and raise seq, atomically.
    return this.redis.run(SET_CUE, [sceneKey(eventId), seqKey(eventId)], [JSON.stringify(scene)]);
  }

  async scene(eventId: string): Promise<Scene | null> {
    const raw = await this.redis.client.get(sceneKey(eventId));
    return raw === null ? null : (JSON.parse(raw) as Scene);
  }

  async react(eventId: string, emoji: string): Promise<void> {
    await this.reacting.add(eventId, emoji);
  }

  async reactions(eventId: string): Promise<{ version: number; counts: Record<string, number> }> {
    const [raw, version] = await this.redis.atomically<[Record<string, string>, string | null]>((m) =>
      m.hgetall(reactionsKey(eventId)).hget(versionsKey(eventId), 'reactions'),
    );
    const counts: Record<string, number> = {};
    for (const [emoji, n] of Object.entries(raw)) counts[emoji] = Number(n);
    return { version: Number(version ?? 0), counts };
  }

  reset(eventId: string): Promise<void> {
    return this.clear(eventId, false);
  }

  deleteEvent(eventId: string): Promise<void> {
    return this.clear(eventId, true);
  }

  private async clear(eventId: string, all: boolean): Promise<void> {
    const keys = [cueKey(eventId), reactionsKey(eventId), versionsKey(eventId), sceneKey(eventId)];
    await this.redis.run(CLEAR, keys, [all ? '1' : '0']);
  }
}

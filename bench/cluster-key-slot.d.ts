// cluster-key-slot (a dependency of ioredis) ships no types: the one function the bench uses.
declare module 'cluster-key-slot' {
  /** The Redis Cluster slot of a key (its {hash tag} alone when it has one). */
  function calculateSlot(key: string): number;
  export = calculateSlot;
}

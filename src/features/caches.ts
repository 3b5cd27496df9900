// The process's caches, in one place and passed in through ServiceDeps (no module-level state). Every entry is
// stored with the data version it was computed from (a value read from the database that changes whenever the
// data does); a lookup with another version misses. So several instances never serve each other's stale data for
// longer than the request that reads the version, and eviction is plain LRU with a size bound.
import { LRUCache } from "lru-cache";

/** A named cache of values of one type; features declare theirs beside the code that fills them. */
export interface CacheSpec<V> {
  readonly name: string;
  /** the most entries kept (least recently used go first) */
  readonly max: number;
  /** phantom: ties the value type to the spec */
  readonly _value?: V;
}

export const cacheSpec = <V>(name: string, max: number): CacheSpec<V> => ({ name, max });

export class VersionedCache<V> {
  readonly #lru: LRUCache<string, { version: string; value: V }>;
  readonly #loading = new Map<string, Promise<V>>();

  constructor(max: number) {
    this.#lru = new LRUCache({ max });
  }

  /** The value for `key` at `version`, loading (once, however many callers ask at the same time) on a miss. */
  async get(key: string, version: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#lru.get(key);
    if (hit && hit.version === version) return hit.value;
    const flight = `${key}\u0000${version}`;
    const pending = this.#loading.get(flight);
    if (pending) return pending;
    const loading = load()
      .then((value) => {
        this.#lru.set(key, { version, value });
        return value;
      })
      .finally(() => this.#loading.delete(flight));
    this.#loading.set(flight, loading);
    return loading;
  }

  /** The value if cached at exactly this version (no load). */
  peek(key: string, version: string): V | undefined {
    const hit = this.#lru.get(key);
    return hit && hit.version === version ? hit.value : undefined;
  }

  set(key: string, version: string, value: V): void {
    this.#lru.set(key, { version, value });
  }

  delete(key: string): void {
    this.#lru.delete(key);
  }

  clear(): void {
    this.#lru.clear();
  }

  get size(): number {
    return this.#lru.size;
  }
}

export interface Caches {
  of<V>(spec: CacheSpec<V>): VersionedCache<V>;
}

export function createCaches(): Caches {
  const byName = new Map<string, VersionedCache<unknown>>();
  return {
    of<V>(spec: CacheSpec<V>): VersionedCache<V> {
      let cache = byName.get(spec.name);
      if (!cache) {
        cache = new VersionedCache<unknown>(spec.max);
        byName.set(spec.name, cache);
      }
      return cache as VersionedCache<V>;
    },
  };
}

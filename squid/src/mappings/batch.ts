import type { Store } from '@subsquid/typeorm-store';
import { type FindOptionsRelations, getMetadataArgsStorage, In } from 'typeorm';

export interface Entity {
  id: string;
}

export type EntityClass<E extends Entity = Entity> = new (...args: never[]) => E;

/** Postgres accepts at most 65,535 bound parameters per statement. */
const IDS_PER_QUERY = 30_000;

/**
 * The entities of one processor batch. Handlers first declare what they will read (`want`), the
 * batch loads it with one query per entity type, handlers then read and write in memory, and
 * `flush` writes every changed entity with one bulk upsert per type, parents before children.
 *
 * Loaded entities come with their to-one relations, so a handler can follow `order.buyer.id`;
 * typeorm-store's upsert leaves a foreign key alone when the relation property is undefined.
 */
export class BatchStore {
  private readonly wanted = new Map<EntityClass, Set<string>>();
  private readonly cached = new Map<EntityClass, Map<string, Entity>>();
  private readonly changed = new Map<EntityClass, Map<string, Entity>>();

  constructor(
    private readonly store: Store,
    /** Every entity class the mappings write, each after the classes it references. */
    private readonly saveOrder: readonly EntityClass[],
  ) {}

  want<E extends Entity>(entityClass: EntityClass<E>, id: string | null | undefined): void {
    if (id == null) return;
    const ids = this.wanted.get(entityClass) ?? new Set<string>();
    this.wanted.set(entityClass, ids);
    ids.add(id);
  }

  async load(): Promise<void> {
    for (const [entityClass, ids] of this.wanted) {
      const cache = this.cacheOf(entityClass);
      const missing = [...ids].filter((id) => !cache.has(id));
      for (let start = 0; start < missing.length; start += IDS_PER_QUERY) {
        const found = await this.store.find(entityClass, {
          where: { id: In(missing.slice(start, start + IDS_PER_QUERY)) },
          relations: toOneRelations(entityClass),
        });
        for (const entity of found) cache.set(entity.id, entity);
      }
    }
    this.wanted.clear();
  }

  get<E extends Entity>(entityClass: EntityClass<E>, id: string): E | undefined {
    return this.cacheOf(entityClass).get(id) as E | undefined;
  }

  getOrFail<E extends Entity>(entityClass: EntityClass<E>, id: string): E {
    const entity = this.get(entityClass, id);
    if (!entity) throw new Error(`${entityClass.name} ${id} is not in the database: the chain and the index disagree`);
    return entity;
  }

  /** The entity, or `create()` saved as a new one. */
  getOrCreate<E extends Entity>(entityClass: EntityClass<E>, id: string, create: () => E): E {
    return this.get(entityClass, id) ?? this.save(create());
  }

  /** Marks an entity (new or changed) to be written by `flush`. */
  save<E extends Entity>(entity: E): E {
    const entityClass = entity.constructor as EntityClass<E>;
    this.cacheOf(entityClass).set(entity.id, entity);
    const changed = this.changed.get(entityClass) ?? new Map<string, Entity>();
    this.changed.set(entityClass, changed);
    changed.set(entity.id, entity);
    return entity;
  }

  async flush(): Promise<void> {
    for (const entityClass of this.changed.keys()) {
      if (!this.saveOrder.includes(entityClass)) throw new Error(`${entityClass.name} has no place in the save order`);
    }
    for (const entityClass of this.saveOrder) {
      const changed = this.changed.get(entityClass);
      if (changed?.size) await this.store.upsert([...changed.values()]);
    }
    this.changed.clear();
  }

  private cacheOf(entityClass: EntityClass): Map<string, Entity> {
    const cache = this.cached.get(entityClass) ?? new Map<string, Entity>();
    this.cached.set(entityClass, cache);
    return cache;
  }
}

const relationsByClass = new Map<EntityClass, FindOptionsRelations<Entity>>();

/** The many-to-one and owning one-to-one relations of an entity class: the ones holding a foreign key. */
function toOneRelations(entityClass: EntityClass): FindOptionsRelations<Entity> {
  let relations = relationsByClass.get(entityClass);
  if (relations) return relations;
  const metadata = getMetadataArgsStorage();
  const joinColumns = new Set(
    metadata.joinColumns.filter((column) => column.target === entityClass).map((column) => column.propertyName),
  );
  relations = Object.fromEntries(
    metadata.relations
      .filter(
        (relation) =>
          relation.target === entityClass &&
          (relation.relationType === 'many-to-one' ||
            (relation.relationType === 'one-to-one' && joinColumns.has(relation.propertyName))),
      )
      .map((relation) => [relation.propertyName, true]),
  );
  relationsByClass.set(entityClass, relations);
  return relations;
}

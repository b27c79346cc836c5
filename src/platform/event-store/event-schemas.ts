/** What an upcaster may read besides the data: the envelope fields every stored event has. */
export interface EventEnvelope {
  streamId: string;
  occurredAt: Date;
}

type EventData = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Turns `type` data stored at schema version `fromVersion` into version `fromVersion + 1`. */
export interface EventUpcaster {
  type: string;
  fromVersion: number;
  upcast(data: EventData, envelope: EventEnvelope): EventData;
}

/**
 * The schema version of each event type and the upcasters between versions. Events are written at their type's
 * current version and read through the chain of upcasters, so code that folds or shows events only ever sees
 * the current shape. A type with no upcaster is at version 1.
 */
export class EventSchemas {
  private readonly byType = new Map<string, Map<number, EventUpcaster>>();

  constructor(upcasters: readonly EventUpcaster[]) {
    for (const upcaster of upcasters) {
      const chain = this.byType.get(upcaster.type) ?? new Map<number, EventUpcaster>();
      if (chain.has(upcaster.fromVersion)) throw new Error(`two upcasters for ${upcaster.type} v${upcaster.fromVersion}`);
      chain.set(upcaster.fromVersion, upcaster);
      this.byType.set(upcaster.type, chain);
    }
    for (const [type, chain] of this.byType) {
      for (let version = 1; version < this.currentVersion(type); version++) {
        if (!chain.has(version)) throw new Error(`${type}: no upcaster from v${version}, so older events could not be read`);
      }
    }
  }

  currentVersion(type: string): number {
    const chain = this.byType.get(type);
    return chain ? Math.max(...chain.keys()) + 1 : 1;
  }

  /** The data of an event stored at `schemaVersion`, in its type's current shape. */
  upcast(type: string, schemaVersion: number, data: EventData, envelope: EventEnvelope): EventData {
    const chain = this.byType.get(type);
    let current = data;
    for (let version = schemaVersion; chain?.has(version); version++) current = chain.get(version)!.upcast(current, envelope);
    return current;
  }
}

/** No upcasters: every type at version 1 (tools that only read raw rows). */
export const NO_EVENT_SCHEMAS = new EventSchemas([]);

import { UnreadableEventError, type StoredEventIdentity } from '../domain/domain-error';

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

/** A field's promise: text, a JSON object, or one of a fixed set of values; `?`: or absent/null. */
export type FieldRule = 'string' | 'string?' | 'object' | 'object?' | readonly string[];

/** What the data of `type`'s current version promises: the fields readers rely on. Other fields may be there too. */
export interface EventShape {
  type: string;
  fields: Readonly<Record<string, FieldRule>>;
}

/** A stored event as read from its row. */
export interface StoredEvent extends StoredEventIdentity, EventEnvelope {
  data: EventData;
}

/**
 * The schema version of each event type, the upcasters between versions and the shape of the current one.
 * Events are written at their type's current version and read through the chain of upcasters, so code that folds
 * or shows events only ever sees the current shape. A type with no upcaster is at version 1. An event that does
 * not fit — a version outside 1..current, data without what its version promises — is refused, never relabelled.
 */
export class EventSchemas {
  private readonly byType = new Map<string, Map<number, EventUpcaster>>();
  private readonly shapes = new Map<string, EventShape>();

  constructor(upcasters: readonly EventUpcaster[], shapes: readonly EventShape[] = []) {
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
    for (const shape of shapes) {
      if (this.shapes.has(shape.type)) throw new Error(`two shapes for ${shape.type}`);
      this.shapes.set(shape.type, shape);
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

  /** The event's data in its type's current shape; UnreadableEventError naming the event when it cannot be. */
  read(event: StoredEvent): EventData {
    const refuse = (reason: string) => new UnreadableEventError(event, reason);
    const { type, schemaVersion } = event;
    const current = this.currentVersion(type);
    if (Number.isInteger(schemaVersion) && schemaVersion > current) throw refuse(`schema v${schemaVersion} is newer than the newest this service knows (v${current})`);
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) throw refuse(`schema v${schemaVersion} is not a version of ${type} (v1 to v${current})`);
    if (!isObject(event.data)) throw refuse('data is not a JSON object');
    const data = schemaVersion === current ? event.data : this.upcast(type, schemaVersion, event.data, event);
    const broken = this.brokenPromise(type, data);
    if (broken !== undefined) throw refuse(broken);
    return data;
  }

  private brokenPromise(type: string, data: EventData): string | undefined {
    for (const [field, rule] of Object.entries(this.shapes.get(type)?.fields ?? {})) {
      const value = data[field];
      if (rule === 'string' && typeof value !== 'string') return `data.${field} is missing or not a string`;
      if (rule === 'string?' && value !== undefined && value !== null && typeof value !== 'string') return `data.${field} is not a string or null`;
      if (rule === 'object' && !isObject(value)) return `data.${field} is missing or not an object`;
      if (rule === 'object?' && value !== undefined && value !== null && !isObject(value)) return `data.${field} is not an object or null`;
      if (Array.isArray(rule) && !rule.includes(value)) return `data.${field} ${JSON.stringify(value)?.slice(0, 40)} is not one of ${rule.join(', ')}`;
    }
    return undefined;
  }
}

function isObject(value: unknown): value is EventData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** No upcasters: every type at version 1 (tools that only read raw rows). */
export const NO_EVENT_SCHEMAS = new EventSchemas([]);

/** What finds jobs or runs beyond their own columns' values. */
export interface LifecycleSearch {
  /** The id starts with this. */
  idPrefix?: string;
  /** The metadata has this key … */
  metadataKey?: string;
  /** … with this value (as text, or the number or boolean it spells). */
  metadataValue?: string;
}

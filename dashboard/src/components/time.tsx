import { ago, localTime, utcTime } from '../format';

/** A time in the viewer's zone; hovering shows it in UTC. */
export function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={utcTime(iso)}>
      {localTime(iso)}
    </time>
  );
}

/** "3 min ago"; hovering shows when, in the viewer's zone and in UTC. */
export function Ago({ iso, now }: { iso: string; now?: number }) {
  return (
    <time dateTime={iso} title={`${localTime(iso)} · ${utcTime(iso)}`}>
      {ago(iso, now)}
    </time>
  );
}

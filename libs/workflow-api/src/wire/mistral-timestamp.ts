// Mistral prints datetimes as `YYYY-MM-DD HH:MM:SS` in UTC (mistral_lib.utils.datetime_to_str).

/** A Date as Mistral writes it on the wire, or null. */
export function mistralTimestamp(date: Date | null | undefined): string | null {
  if (date === null || date === undefined) return null;
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/** Whether a string looks like a Mistral timestamp. */
export const MISTRAL_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

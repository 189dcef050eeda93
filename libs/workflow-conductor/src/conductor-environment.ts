/**
 * What the conductor may not invent: the time and new ids. Same snapshot, event and environment
 * (the same answers in the same order) give the same decisions.
 */
export interface ConductorEnvironment {
  /** The current time; called once per conduct() call. */
  now(): Date;
  /** A new unique id (a UUID in production) for a row the decisions create. */
  newId(): string;
}

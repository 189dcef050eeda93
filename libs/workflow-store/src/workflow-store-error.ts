// Every error the store raises has a stable code from this registry. Codes never change meaning;
// messages may improve. The store knows nothing of HTTP: the API maps codes to statuses.

/** Stable error codes of @ops/workflow-store, each with what it means. */
export const WORKFLOW_STORE_ERROR_CODES = {
  WF_STORE_ERR_NOT_FOUND: "No such row, or it belongs to another project and is not public.",
  WF_STORE_ERR_DUPLICATE: "A row with the same unique key (name, namespace, project...) already exists.",
  WF_STORE_ERR_BAD_FILTER: "A list filter names an unknown column or has a value the column cannot hold.",
  WF_STORE_ERR_BAD_SORT_KEY: "A sort key is not a column of the resource.",
  WF_STORE_ERR_BAD_SORT_DIR:
    "A sort direction is not `asc` or `desc`, or there are more directions than keys.",
  WF_STORE_ERR_BAD_LIMIT: "A list limit is not a positive integer.",
  WF_STORE_ERR_NOT_ALLOWED:
    "The row is another project's (visible because it is public): only its project may change it.",
  WF_STORE_ERR_SYSTEM_RESOURCE: "A system row (a std action) cannot be changed or deleted by a project.",
  WF_STORE_ERR_IN_USE:
    "Other rows refer to this one (a workflow with cron triggers), so it cannot be deleted.",
  WF_STORE_ERR_INVALID_VALUE:
    "A value the column cannot hold: too long, a bad scope, JSON that cannot be encoded.",
  WF_STORE_ERR_CONFLICT:
    "A transaction kept failing on a write conflict, deadlock or lock timeout; retry later.",
  WF_STORE_ERR_TRANSACTION: "A transaction could not start in time, or was used after it had ended.",
  WF_STORE_ERR_UNAVAILABLE: "The database cannot be reached, or refused the connection.",
  WF_STORE_ERR_BAD_DATABASE_URL: "DATABASE_URL is not a file:, postgresql: or mysql: URL the store can use.",
  WF_STORE_ERR_MIGRATION: "A migration failed, or the migration history needs a person to look at it.",
  WF_STORE_ERR_CLIENT_NOT_GENERATED: "The Prisma client of this provider has not been generated yet.",
  WF_STORE_ERR_DATABASE: "Any other database error (the cause has the driver's message).",
} as const;

export type WorkflowStoreErrorCode = keyof typeof WORKFLOW_STORE_ERROR_CODES;

/** An error of the workflow store, with a stable code, the context it happened in and its cause. */
export class WorkflowStoreError extends Error {
  override readonly name = "WorkflowStoreError";
  /** Whether running the same operation again may succeed (conflicts, lock timeouts, lost connections). */
  readonly retryable: boolean;

  constructor(
    readonly code: WorkflowStoreErrorCode,
    message: string,
    /** What the error is about: resource, id, column... never a secret. */
    readonly details: Readonly<Record<string, unknown>> = {},
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}

/** Whether `error` is a {@link WorkflowStoreError}, optionally with the given code. */
export function isWorkflowStoreError(
  error: unknown,
  code?: WorkflowStoreErrorCode,
): error is WorkflowStoreError {
  return error instanceof WorkflowStoreError && (code === undefined || error.code === code);
}

interface PrismaLikeError {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } & Record<
    string,
    unknown
  >;
  cause?: { originalCode?: unknown; kind?: unknown };
}

// Driver codes that mean "someone else held the row; the same work may succeed now": PostgreSQL's
// serialization failure and deadlock, MySQL's deadlock and lock wait timeout, SQLite's busy/locked.
const RETRYABLE_DRIVER_CODES = new Set(["40001", "40P01", "1213", "1205", "5", "6", "261", "517"]);

function driverCode(error: PrismaLikeError): string | undefined {
  const cause = error.meta?.driverAdapterError?.cause ?? error.cause;
  const code = cause?.originalCode;
  return typeof code === "string" || typeof code === "number" ? String(code) : undefined;
}

const CODES_BY_CAUSE: ReadonlyArray<[WorkflowStoreErrorCode, boolean, readonly string[]]> = [
  ["WF_STORE_ERR_DUPLICATE", false, ["P2002", "UniqueConstraintViolation"]],
  ["WF_STORE_ERR_NOT_FOUND", false, ["P2025", "P2001"]],
  ["WF_STORE_ERR_IN_USE", false, ["P2003", "P2014", "ForeignKeyConstraintViolation"]],
  [
    "WF_STORE_ERR_INVALID_VALUE",
    false,
    ["P2000", "P2011", "P2020", "LengthMismatch", "NullConstraintViolation", "ValueOutOfRange"],
  ],
  // SQLite's busy timeout surfaces as a socket timeout (P1008) through @prisma/adapter-libsql.
  ["WF_STORE_ERR_CONFLICT", true, ["P2034", "TransactionWriteConflict", "P1008", "SocketTimeout"]],
  ["WF_STORE_ERR_TRANSACTION", true, ["P2028", "P1018", "TransactionAlreadyClosed"]],
  [
    "WF_STORE_ERR_UNAVAILABLE",
    true,
    [
      "P1000",
      "P1001",
      "P1002",
      "P1003",
      "P1010",
      "P1011",
      "P1017",
      "P2037",
      "AuthenticationFailed",
      "DatabaseNotReachable",
      "DatabaseDoesNotExist",
      "DatabaseAccessDenied",
      "TlsConnectionError",
      "ConnectionClosed",
      "TooManyConnections",
    ],
  ],
];

function classify(key: string | undefined): [WorkflowStoreErrorCode, boolean] | undefined {
  if (key === undefined) return undefined;
  const found = CODES_BY_CAUSE.find(([, , keys]) => keys.includes(key));
  return found && [found[0], found[1]];
}

/**
 * Turns what Prisma or a driver adapter threw into a {@link WorkflowStoreError}; a store error passes
 * through unchanged, and anything that is not a database error is returned as it is.
 */
export function toWorkflowStoreError(error: unknown, details: Record<string, unknown> = {}): unknown {
  if (error instanceof WorkflowStoreError) return error;
  if (error === null || typeof error !== "object") return error;
  const e = error as PrismaLikeError;
  const prismaCode = typeof e.code === "string" && /^P\d{4}$/.test(e.code) ? e.code : undefined;
  const adapterKind = e.meta?.driverAdapterError?.cause?.kind ?? e.cause?.kind;
  const kind = typeof adapterKind === "string" ? adapterKind : undefined;
  if (prismaCode === undefined && kind === undefined) return error;
  const message = typeof e.message === "string" ? e.message.trim().split("\n").at(-1)! : String(error);
  const original = driverCode(e);
  // The driver's own code is the most precise, then the adapter's kind (a raw query that failed is
  // P2010 whatever the reason), then Prisma's code.
  const [code, retryable] =
    original !== undefined && RETRYABLE_DRIVER_CODES.has(original)
      ? ["WF_STORE_ERR_CONFLICT" as const, true]
      : (classify(kind) ?? classify(prismaCode) ?? ["WF_STORE_ERR_DATABASE" as const, false]);
  return new WorkflowStoreError(
    code,
    message,
    { ...details, prismaCode, driverCode: original },
    { cause: error, retryable },
  );
}

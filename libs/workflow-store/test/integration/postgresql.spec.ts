// The store's conformance suite on PostgreSQL, on a database created for this run by `db upgrade`, and the
// hot path's raw SQL against Prisma on another.
import { describeRawSqlConformance } from "./raw-sql-conformance.js";
import { describeStoreConformance } from "./store-conformance.js";

describeStoreConformance("postgresql");
describeRawSqlConformance("postgresql");

// The store's conformance suite on MySQL/MariaDB, on a database created for this run by `db upgrade`, and the
// hot path's raw SQL against Prisma on another.
import { describeRawSqlConformance } from "./raw-sql-conformance.js";
import { describeStoreConformance } from "./store-conformance.js";

describeStoreConformance("mysql");
describeRawSqlConformance("mysql");

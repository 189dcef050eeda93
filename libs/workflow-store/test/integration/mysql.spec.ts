// The store's conformance suite on MySQL/MariaDB, on a database created for this run by `db upgrade`.
import { describeStoreConformance } from "./store-conformance.js";

describeStoreConformance("mysql");
